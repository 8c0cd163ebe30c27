"""Train the event components from gold examples and cross-validate them by article.

Folds are ``crc32(id) % k`` (deal-news SOURCE.md), so an article and everything learned
from it stay on one side. The rules-only pipeline is scored on the same folds, so the
gain of each trained decision is visible.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from dealparse.annotations.event_scoring import EventScores, score_events
from dealparse.pipes.arguments import ArgumentClassifier
from dealparse.pipes.coref import EventCoref
from dealparse.pipes.status import StatusClassifier
from dealparse.pipes.triggers import EventDetector
from dealparse.pipes.values import ValueLinker
from dealparse.training.event_corpus import EventExample

DEFAULT_MONEY_SCOPE = {"investment": "sentence", "datacenter": "sentence"}


@dataclass
class EventComponents:
    """The five event stages, in pipeline order."""

    triggers: EventDetector = field(default_factory=EventDetector)
    arguments: ArgumentClassifier = field(default_factory=ArgumentClassifier)
    status: StatusClassifier = field(default_factory=StatusClassifier)
    values: ValueLinker = field(default_factory=lambda: ValueLinker(DEFAULT_MONEY_SCOPE))
    coref: EventCoref = field(default_factory=EventCoref)

    def stages(self) -> list[Callable[[Doc], Doc]]:
        return [self.triggers, self.arguments, self.status, self.values, self.coref]

    def fit_stages(self, examples: Sequence[EventExample], seed: int = 0) -> EventComponents:
        """Train the detector, arguments and status on gold."""
        self.triggers.fit(examples, seed)
        self.arguments.fit(examples, seed)
        self.status.fit(examples, seed)
        return self

    def candidates(self, doc: Doc) -> list:
        """The candidates the stages before coreference leave in ``doc``."""
        for stage in self.stages()[:-1]:
            doc = stage(doc)
        return list(doc._.candidates or [])

    def fit(self, examples: Sequence[EventExample], seed: int = 0, inner_folds: int = 3) -> EventComponents:
        """Train every stage; the event scorer learns from predictions made by stages trained
        without the article (``inner_folds``-fold cross-fitting), as at run time."""
        held_out: list[tuple[EventExample, list]] = []
        for k in range(inner_folds):
            inner = EventComponents(
                triggers=self.triggers.fresh(), arguments=self.arguments.fresh(), status=self.status.fresh()
            )
            inner.fit_stages([ex for i, ex in enumerate(examples) if i % inner_folds != k], seed)
            held_out += [(ex, inner.candidates(ex.doc)) for i, ex in enumerate(examples) if i % inner_folds == k]
        X: list[list[str]] = []
        Y: list[list[str]] = []
        for ex, candidates in held_out:
            rows, labels = self.coref.pair_rows(candidates, ex.gold)
            X += rows
            Y += labels
        self.coref.fit_pairs(X, Y, seed)
        X, Y = [], []
        for ex, candidates in held_out:
            rows, labels = self.coref.training_rows(ex.context, candidates, ex.gold)
            X += rows
            Y += labels
        self.coref.fit_events(X, Y, seed)
        self.fit_stages(examples, seed)
        return self

    def __call__(self, doc: Doc) -> Doc:
        for stage in self.stages():
            doc = stage(doc)
        return doc


def fold_of(doc_id: str, folds: int) -> int:
    """The cross-validation fold of an article."""
    return zlib.crc32(doc_id.encode("utf-8")) % folds


def predicted_events(doc: Doc) -> list[dict[str, Any]]:
    return [e.model_dump(mode="json") for e in doc._.events or []]


@dataclass
class CrossValidation:
    """Scores over all held-out folds, and each document's predictions."""

    scores: EventScores
    predictions: dict[str, list[dict[str, Any]]]
    confidences: list[tuple[float, bool]]


def cross_validate(
    examples: Sequence[EventExample],
    folds: int = 5,
    make: Callable[[], EventComponents] = EventComponents,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
) -> CrossValidation:
    """Train on k-1 folds, predict the k-th, for every k; score all predictions together."""
    pairs, predictions, confidences = [], {}, []
    for k in range(folds):
        train = [ex for ex in examples if fold_of(ex.id, folds) != k]
        test = [ex for ex in examples if fold_of(ex.id, folds) == k]
        components = make().fit(train, seed)
        for ex in test:
            doc = components(ex.doc)
            predicted = predicted_events(doc)
            predictions[ex.id] = predicted
            pairs.append((ex.gold, predicted))
            confidences.extend(_confidence_outcomes(ex.gold, predicted))
        if progress is not None:
            progress(f"fold {k + 1}/{folds}: trained on {len(train)}, predicted {len(test)}")
    return CrossValidation(score_events(pairs), predictions, confidences)


def _confidence_outcomes(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> list[tuple[float, bool]]:
    """Each predicted event's confidence and whether it matched a gold event."""
    matched = score_events([(gold, predicted)]).matched_predictions
    return [(float(p.get("confidence", 0.5)), i in matched) for i, p in enumerate(predicted)]


def expected_calibration_error(outcomes: Sequence[tuple[float, bool]], bins: int = 10) -> float:
    """ECE: the gap between confidence and accuracy, averaged over equal-width bins."""
    if not outcomes:
        return 0.0
    total = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(c, ok) for c, ok in outcomes if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if inside:
            accuracy = sum(ok for _, ok in inside) / len(inside)
            mean = sum(c for c, _ in inside) / len(inside)
            total += len(inside) / len(outcomes) * abs(accuracy - mean)
    return total
