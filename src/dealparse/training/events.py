"""Train the event components from gold examples and cross-validate them by article.

Folds are ``crc32(id) % k`` (deal-news SOURCE.md), so an article and everything learned
from it stay on one side. The rules-only pipeline is scored on the same folds, so the
gain of each trained decision is visible.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import dealparse.pipeline  # noqa: F401 - registers the rule components' factories
from dealparse.annotations.event_scoring import EventScores, score_events
from dealparse.pipes.arguments import ArgumentClassifier
from dealparse.pipes.coref import EventCoref
from dealparse.pipes.status import StatusClassifier
from dealparse.pipes.trained import NotTrainedError
from dealparse.pipes.triggers import EventDetector
from dealparse.pipes.values import ValueLinker
from dealparse.training.event_corpus import EVENT_STAGES, AlignmentReport, EventExample

STAGES = ("triggers", "arguments", "status", "values", "coref")
"""The trained event components' names in a pipeline, in order."""

RULE_STAGES = ("events", "merge")
"""The rule-based event components they replace."""


def _config_path(name: str) -> Path:
    return Path(str(resources.files("dealparse").joinpath("configs", name)))


def events_config() -> dict[str, dict[str, Any]]:
    """The ``[components]`` blocks of ``configs/events.cfg``."""
    return dict(spacy.util.load_config(_config_path("events.cfg"))["components"])


def _add(nlp: Language, blocks: dict[str, dict[str, Any]], names: Sequence[str]) -> None:
    for name in names:
        block = dict(blocks[name])
        nlp.add_pipe(block.pop("factory"), name=name, config=block)


@dataclass
class EventComponents:
    """The five event stages, in pipeline order."""

    triggers: EventDetector
    arguments: ArgumentClassifier
    status: StatusClassifier
    values: ValueLinker
    coref: EventCoref

    @classmethod
    def of(cls, nlp: Language) -> EventComponents:
        """The stages of a pipeline that has them (see :func:`add_event_components`)."""
        return cls(*(nlp.get_pipe(name) for name in STAGES))

    @classmethod
    def from_config(cls, config: dict[str, dict[str, Any]] | None = None) -> EventComponents:
        """Untrained stages with the settings of ``config`` (default: ``configs/events.cfg``)."""
        holder = Language()
        _add(holder, config or events_config(), STAGES)
        return cls.of(holder)

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
                self.triggers.fresh(), self.arguments.fresh(), self.status.fresh(), self.values, self.coref
            )
            inner.fit_stages([ex for i, ex in enumerate(examples) if i % inner_folds != k], seed)
            held_out += [
                (ex, inner.candidates(ex.doc)) for i, ex in enumerate(examples) if i % inner_folds == k
            ]
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


def add_event_components(nlp: Language, config: dict[str, dict[str, Any]] | None = None) -> EventComponents:
    """Replace the rule components of ``nlp``'s event stage with the (untrained) trained ones."""
    for name in [*RULE_STAGES, *STAGES]:
        if name in nlp.pipe_names:
            nlp.remove_pipe(name)
    _add(nlp, config or events_config(), STAGES)
    return EventComponents.of(nlp)


def rule_stages() -> list[Callable[[Doc], Doc]]:
    """The rule-based event components of ``configs/rules.cfg``, to score beside the trained ones."""
    holder = Language()
    _add(holder, dict(spacy.util.load_config(_config_path("rules.cfg"))["components"]), RULE_STAGES)
    return [component for _, component in holder.pipeline]


def event_stages(nlp: Language) -> list[Callable[[Doc], Doc]]:
    """The components of ``nlp`` that find events (trained or rules)."""
    return [component for name, component in nlp.pipeline if name in EVENT_STAGES]


def run_stages(stages: Sequence[Callable[[Doc], Doc]], doc: Doc) -> list[dict[str, Any]]:
    """The events ``stages`` find in a preprocessed ``doc``, as JSON records."""
    for stage in stages:
        doc = stage(doc)
    return predicted_events(doc)


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
    make: Callable[[], EventComponents] = EventComponents.from_config,
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


def _confidence_outcomes(
    gold: list[dict[str, Any]], predicted: list[dict[str, Any]]
) -> list[tuple[float, bool]]:
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


@dataclass
class EventComparison:
    """The rules-only event stage and the trained one scored on the same gold events."""

    rules: EventScores
    trained: EventScores
    ece: float | None = None

    def table(self) -> str:
        rows = [f"{'':<14}{'rules P':>9}{'R':>7}{'F1':>7}   {'trained P':>9}{'R':>7}{'F1':>7}"]
        for name in [*self.rules.types, "ALL"]:
            cells = []
            for scores in (self.rules, self.trained):
                s = scores.overall if name == "ALL" else scores.types[name]
                cells.append(f"{s.precision:>9.3f}{s.recall:>7.3f}{s.f1:>7.3f}")
            rows.append(f"{name:<14}{cells[0]}   {cells[1]}")
        rows.append(f"{'slot (matched)':<14}{'rules':>23}   {'trained':>23}")
        for slot in self.rules.slots:
            cells = []
            for scores in (self.rules, self.trained):
                ok, total = scores.slots[slot]
                cells.append(f"{ok:>9}/{total:<5}{ok / total if total else 0.0:>8.3f}")
            rows.append(f"{slot:<14}{cells[0]}   {cells[1]}")
        if self.ece is not None:
            rows.append(f"expected calibration error of the trained confidences: {self.ece:.3f}")
        return "\n".join(rows)

    def as_dict(self) -> dict[str, object]:
        return {"rules": self.rules.as_dict(), "trained": self.trained.as_dict(), "ece": self.ece}


def compare_events(
    nlp: Language,
    examples: Sequence[EventExample],
    folds: int | None = None,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
) -> tuple[EventComparison, dict[str, list[dict[str, Any]]]]:
    """Score the rules and the trained stages on ``examples``, with the trained predictions.

    With ``folds`` the trained stages are cross-validated by article (settings of
    ``configs/events.cfg``); without, the trained stages of ``nlp`` itself are scored.
    """
    rules = rule_stages()
    rule_pairs = [(ex.gold, run_stages(rules, ex.doc)) for ex in examples]
    if folds:
        cv = cross_validate(examples, folds, seed=seed, progress=progress)
        ece = expected_calibration_error(cv.confidences)
        return EventComparison(score_events(rule_pairs), cv.scores, ece), cv.predictions
    if not all(name in nlp.pipe_names for name in STAGES):
        raise NotTrainedError(
            "the pipeline has no trained event components: give --folds to cross-validate them, "
            "or a pipeline saved by `dealparse train --events`"
        )
    stages = event_stages(nlp)
    predictions, confidences, pairs = {}, [], []
    for ex in examples:
        predicted = run_stages(stages, ex.doc)
        predictions[ex.id] = predicted
        pairs.append((ex.gold, predicted))
        confidences.extend(_confidence_outcomes(ex.gold, predicted))
    ece = expected_calibration_error(confidences)
    return EventComparison(score_events(rule_pairs), score_events(pairs), ece), predictions


def train_events(
    nlp: Language,
    examples: Sequence[EventExample],
    report: AlignmentReport,
    sources: Sequence[str],
    seed: int = 0,
) -> dict[str, object]:
    """Put the trained event stages into ``nlp`` and fit them on ``examples``; what was
    trained on goes to ``nlp.meta["dealparse_events"]`` (written to meta.json) and is returned."""
    add_event_components(nlp).fit(examples, seed)
    info: dict[str, object] = {
        "seed": seed,
        "gold": list(sources),
        "documents": report.documents,
        "events": report.events,
        "parties_matched": [report.parties_found, report.parties],
        "alignment_problems": dict(report.problems),
    }
    nlp.meta["dealparse_events"] = info
    return info
