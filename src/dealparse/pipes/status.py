"""Status: is each candidate event confirmed, planned, under discussion or negated?

A softmax over the clause from the trigger to the sentence's end: its morphemes, the last
morphemes of the sentence (the Korean predicate and its endings) and the status cues of
``data/triggers.toml`` found in the clause and in the sentence.

The rare statuses have too few examples to learn (deal-news: 39 discussing, 14 negated of
1,001 events): where the rules' first cue in the clause names one of ``rule_statuses``, that
cue decides.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from dealparse.events import Status
from dealparse.pipeline.event_rules import first_match, status_cues
from dealparse.pipes.context import DocContext
from dealparse.pipes.examples import EventExample
from dealparse.pipes.features import clause_features, trigger_for
from dealparse.pipes.linear import LinearModel
from dealparse.pipes.trained import TrainedPipe

STATUSES = [s.value for s in Status]


class StatusClassifier(TrainedPipe):
    """Set ``status`` on every candidate of ``doc._.candidates``."""

    model_names = ("status",)
    settings = ("epochs", "rule_statuses")

    def __init__(self, name: str = "status", epochs: int = 12, rule_statuses: Sequence[str] = ()) -> None:
        super().__init__()
        self.name = name
        self.epochs = epochs
        self.rule_statuses = list(rule_statuses)

    def __call__(self, doc: Doc) -> Doc:
        ctx = DocContext.of(doc)
        model = self.model("status")
        for cand in doc._.candidates or []:
            cue = first_match(status_cues(), ctx.text[cand.trigger.start : cand.sentence.end_char])
            if cue in self.rule_statuses:
                cand.status, cand.status_probs = cue, {}
                continue
            index = ctx.sentence_index(cand.sentence.start_char)
            probs = model.predict_proba(clause_features(ctx, index, cand.trigger, cand.type))
            cand.status = max(probs, key=probs.__getitem__)
            cand.status_probs = probs
        return doc

    def fit(self, examples: Sequence[EventExample], seed: int = 0) -> None:
        """Learn from each gold event's status and its sentence."""
        X, Y = [], []
        for ex in examples:
            ctx = ex.context
            for event in ex.events:
                if event.status in STATUSES:
                    trig = trigger_for(ctx, event.sentence, event.type)
                    X.append(clause_features(ctx, event.sentence, trig, event.type))
                    Y.append(event.status)
        self.models["status"] = LinearModel(STATUSES, epochs=self.epochs, seed=seed).fit(X, Y)


@Language.factory(
    "dealparse_status",
    assigns=["doc._.candidates"],
    requires=["doc._.candidates"],
    default_config={"epochs": 12, "rule_statuses": []},
)
def make_status_classifier(nlp: Language, name: str, epochs: int, rule_statuses: list[str]) -> StatusClassifier:
    """Factory of :class:`StatusClassifier`; ``rule_statuses``: statuses the rules' cues decide."""
    return StatusClassifier(name, epochs, rule_statuses)
