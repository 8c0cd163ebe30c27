"""Entity precision, recall and F1 on exact character spans, per label and overall."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.language import Language

from dealparse.annotations.event_scoring import EventScores, score_events
from dealparse.annotations.records import AnnotationRecord
from dealparse.extractor import Extractor
from dealparse.scoring import OVERALL, LabelScore
from dealparse.training.klue import LabelledText


@dataclass
class NerScores:
    """Scores by label; ``ALL`` is the micro average."""

    labels: dict[str, LabelScore] = field(default_factory=dict)
    texts: int = 0

    def as_dict(self) -> dict[str, object]:
        return {"texts": self.texts, "labels": {label: s.as_dict() for label, s in sorted(self.labels.items())}}

    def table(self) -> str:
        rows = [f"{'label':<10}{'P':>8}{'R':>8}{'F1':>8}{'gold':>8}{'pred':>8}"]
        names = [*sorted(label for label in self.labels if label != OVERALL), OVERALL]
        for label in names:
            s = self.labels.get(label, LabelScore())
            rows.append(
                f"{label:<10}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.tp + s.fn:>8}{s.tp + s.fp:>8}"
            )
        return "\n".join(rows)


def score_spans(
    gold: Iterable[Iterable[tuple[int, int, str]]], predicted: Iterable[Iterable[tuple[int, int, str]]]
) -> NerScores:
    """Exact-match scores of predicted ``(start, end, label)`` spans against gold, text by text."""
    scores = NerScores()
    for gold_spans, predicted_spans in zip(gold, predicted, strict=True):
        scores.texts += 1
        gold_set, predicted_set = Counter(gold_spans), Counter(predicted_spans)
        for span in gold_set | predicted_set:
            label = span[2]
            hit = min(gold_set[span], predicted_set[span])
            for name in (label, OVERALL):
                s = scores.labels.setdefault(name, LabelScore())
                s.tp += hit
                s.fn += gold_set[span] - hit
                s.fp += predicted_set[span] - hit
    return scores


def evaluate_ner(nlp: Language, items: list[LabelledText], batch_size: int = 256, model_only: bool = True) -> NerScores:
    """Run ``nlp`` over the items' texts and score its ``doc.ents``.

    With ``model_only`` (the default) a pipeline's rule components are switched off, so
    the scores are the trained ``ner``'s own; otherwise the entities after the rules.
    """
    enabled = [name for name in nlp.pipe_names if name in {"tok2vec", "transformer", "ner"}]
    with nlp.select_pipes(enable=enabled if model_only and "ner" in enabled else nlp.pipe_names):
        docs = nlp.tokenizer.pipe(item.text for item in items)
        predicted = [
            [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]
            for doc in nlp.pipe(docs, batch_size=batch_size)
        ]
    return score_spans((item.spans for item in items), predicted)


def evaluate_record_events(extractor: Extractor, records: Sequence[AnnotationRecord]) -> tuple[EventScores, int]:
    """Event scores (the schema's matching) over the records annotated with events, and how
    many records that was."""
    with_events = [r for r in records if r.events is not None]
    pairs = [
        (r.events or [], [e.model_dump(mode="json") for e in extractor.extract(r.text, r.published, id=r.id).events])
        for r in with_events
    ]
    return score_events(pairs), len(with_events)
