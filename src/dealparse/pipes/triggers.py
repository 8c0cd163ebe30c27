"""Trigger detection and event typing: which sentences state an event, of which types.

Each sentence is scored for each event type by a multilabel linear model over its
morphemes, bigrams, the trigger-lexicon hits of ``data/triggers.toml``, its mentions and
values. A type above ``threshold`` proposes a candidate event anchored on that type's
lexicon trigger in the sentence (or the sentence's predicate). For the types the rules
decide (``rule_types``) the model still proposes, at ``fill_threshold``, the sentences where
the rules found no candidate of that type (a retelling the rules merged into an event is one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from dealparse.events import EVENT_TYPES
from dealparse.pipeline.event_rules import Candidate
from dealparse.pipeline.merging import rule_events
from dealparse.pipes.context import DocContext
from dealparse.pipes.examples import EventExample, GoldEvent, matches
from dealparse.pipes.features import sentence_features, trigger_for
from dealparse.pipes.linear import LinearModel
from dealparse.pipes.trained import TrainedPipe


def restating_sentences(ctx: DocContext, event: GoldEvent) -> list[int]:
    """Other sentences that tell the same event: a trigger of its type (lexicon or rules)
    and every party of the event that the document names as a mention."""
    named = [p for p in event.parties if any(matches(m, p) for m in ctx.orgs)]
    if not named or (event.type in {"mou", "partnership"} and len(named) < 2):
        return []
    out = []
    for i, orgs in enumerate(ctx.sentence_orgs):
        if i == event.sentence:
            continue
        typed = any(t.type == event.type for t in ctx.sentence_triggers[i]) or any(
            c.type == event.type for c in ctx.rule_candidates[i]
        )
        if typed and all(any(matches(m, p) for m in orgs) for p in named):
            out.append(i)
    return out


MODEL = "model"
"""``Candidate.role_source`` of the candidates this component proposes (the rules' say how
they found the parties: particles, topic, anaphora)."""


class EventDetector(TrainedPipe):
    """Propose ``doc._.candidates``: one per (sentence, event type) the model accepts, and,
    with ``with_rules``, the rules' own candidates, each scored by the model for its sentence.
    For the types in ``rule_types`` the rules' merged events are proposed instead, ``decided``,
    and the model's own only in sentences without a rules' candidate of the type (with
    ``fill_threshold``)."""

    model_names = ("types",)
    settings = ("threshold", "epochs", "restatements", "with_rules", "rule_types", "fill_threshold")

    def __init__(
        self,
        name: str = "triggers",
        threshold: float = 0.5,
        epochs: int = 12,
        restatements: bool = True,
        with_rules: bool = True,
        rule_types: Sequence[str] = (),
        fill_threshold: float | None = None,
    ) -> None:
        super().__init__()
        self.name = name
        self.threshold = threshold
        self.epochs = epochs
        self.restatements = restatements
        self.with_rules = with_rules
        self.rule_types = list(rule_types)
        self.fill_threshold = fill_threshold

    def type_scores(self, ctx: DocContext) -> list[dict[str, float]]:
        """Per sentence, the probability of each event type."""
        model = self.model("types")
        return [model.predict_proba(sentence_features(ctx, i)) for i in range(len(ctx.sentences))]

    def __call__(self, doc: Doc) -> Doc:
        ctx = DocContext.of(doc)
        decided = self.rules_decided(ctx)
        covered = {(i, c.type) for i, found in enumerate(ctx.rule_candidates) for c in found}
        candidates = []
        for i, scores in enumerate(self.type_scores(ctx)):
            for event_type, p in scores.items():
                if event_type not in self.rule_types:
                    threshold = self.threshold
                elif self.fill_threshold is not None and (i, event_type) not in covered:
                    threshold = self.fill_threshold
                else:
                    continue
                if p >= threshold:
                    trig = trigger_for(ctx, i, event_type)
                    candidates.append(
                        Candidate(
                            event_type,
                            ctx.sentences[i],
                            trig,
                            role_source=MODEL,
                            confidence=p,
                            scores={"type": p},
                        )
                    )
            if self.with_rules:
                for rule in ctx.rule_candidates[i]:
                    if rule.type not in self.rule_types:
                        candidates.append(
                            replace(rule, confidence=scores[rule.type], scores={"type": scores[rule.type]})
                        )
        doc._.candidates = candidates + decided
        return doc

    def rules_decided(self, ctx: DocContext) -> list[Candidate]:
        """The rules' merged events of ``rule_types`` (from copies of their candidates, which
        the merger changes), marked ``decided``."""
        if not self.rule_types:
            return []
        own = [
            replace(c, participants=list(c.participants), investors=list(c.investors))
            for sentence in ctx.rule_candidates
            for c in sentence
        ]
        return [replace(c, decided=True) for c in rule_events(ctx.doc, own) if c.type in self.rule_types]

    def fit(self, examples: Sequence[EventExample], seed: int = 0) -> None:
        """Learn from every sentence: its labels are the types of the gold events it holds."""
        X, Y = [], []
        for ex in examples:
            ctx = ex.context
            labels: list[set[str]] = [set() for _ in ctx.sentences]
            for event in ex.events:
                labels[event.sentence].add(event.type)
                if self.restatements:
                    for i in restating_sentences(ctx, event):
                        labels[i].add(event.type)
            for i in range(len(ctx.sentences)):
                X.append(sentence_features(ctx, i))
                Y.append(sorted(labels[i]))
        model = LinearModel(list(EVENT_TYPES), multilabel=True, epochs=self.epochs, seed=seed)
        self.models["types"] = model.fit(X, Y)


@Language.factory(
    "dealparse_triggers",
    assigns=["doc._.candidates"],
    requires=["doc.sents", "doc._.orgs"],
    default_config={
        "threshold": 0.5,
        "epochs": 12,
        "restatements": True,
        "with_rules": True,
        "rule_types": [],
        "fill_threshold": None,
    },
)
def make_event_detector(
    nlp: Language,
    name: str,
    threshold: float,
    epochs: int,
    restatements: bool,
    with_rules: bool,
    rule_types: list[str],
    fill_threshold: float | None,
) -> EventDetector:
    """Factory of :class:`EventDetector`; ``threshold``: the probability that proposes an event;
    ``restatements``: train on the sentences that retell a gold event as positives too;
    ``with_rules``: pass the rules' candidates on as well; ``rule_types``: event types whose
    events are the rules' (where cross-validation finds them better); ``fill_threshold``: the
    probability that proposes an event of those types in a sentence without a rules' candidate of
    the type (None: never)."""
    return EventDetector(name, threshold, epochs, restatements, with_rules, rule_types, fill_threshold)
