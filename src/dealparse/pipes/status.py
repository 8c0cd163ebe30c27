"""Status: is each candidate event confirmed, planned, under discussion or negated?

A softmax over the clause from the trigger to the sentence's end: its morphemes, the last
morphemes of the sentence (the Korean predicate and its endings) and the status cues of
``data/triggers.toml`` found in the clause and in the sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from dealparse.events import Status
from dealparse.pipes.context import DocContext
from dealparse.pipes.examples import EventExample
from dealparse.pipes.features import clause_features, trigger_for
from dealparse.pipes.linear import LinearModel
from dealparse.pipes.trained import TrainedPipe

STATUSES = [s.value for s in Status]


class StatusClassifier(TrainedPipe):
    """Set ``status`` on every candidate of ``doc._.candidates``."""

    model_names = ("status",)

    def __init__(self, name: str = "status", epochs: int = 12) -> None:
        super().__init__()
        self.name = name
        self.epochs = epochs

    @property
    def cfg(self) -> dict[str, object]:
        return {"epochs": self.epochs}

    def __call__(self, doc: Doc) -> Doc:
        ctx = DocContext.of(doc)
        model = self.model("status")
        for cand in doc._.candidates or []:
            index = ctx.sentence_index(cand.sentence.start_char)
            probs = model.predict_proba(clause_features(ctx, index, cand.trigger, cand.type))
            cand.status = max(probs, key=probs.__getitem__)
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
    default_config={"epochs": 12},
)
def make_status_classifier(nlp: Language, name: str, epochs: int) -> StatusClassifier:
    """Factory of :class:`StatusClassifier`."""
    return StatusClassifier(name, epochs)
