"""Self-training: a trained model (the teacher) fills in the silver sentences' labels.

The KoNEC silver labels name only the forms KoNEC lists; the other words of a silver sentence
are missing or ``O``. The teacher reads each silver sentence in context, and its entities are
added wherever they do not overlap a KoNEC span; everything else becomes ``O``. A fresh model
trained on the gold sentences and these fuller labels (the student) scores 2–3 F1 points more
on KLUE after the first stage than one trained without them (figures in ``models/README.md``).
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

from dealparse.training.corpus import CORPUS_ATTRS, tokens_only


def merge_teacher_entities(silver: Doc, predicted: Doc) -> Doc:
    """A fully annotated copy of ``silver``: its spans, then the predicted entities that overlap none."""
    merged = tokens_only(silver)
    spans = [Span(merged, e.start, e.end, label=e.label_) for e in silver.ents]
    taken = {i for span in spans for i in range(span.start, span.end)}
    for entity in predicted.ents:
        if taken.isdisjoint(range(entity.start, entity.end)):
            spans.append(Span(merged, entity.start, entity.end, label=entity.label_))
    merged.set_ents(spans, default="outside")
    return merged


def label_with_teacher(
    teacher: Language, silver_path: Path, out_path: Path, batch_size: int = 256
) -> dict[str, int]:
    """Write ``silver_path``'s docs, labelled by ``teacher`` where KoNEC is silent, to ``out_path``.

    Only the teacher's ``tok2vec`` and ``ner`` run (a full dealparse pipeline's rule components
    are skipped); returns the counts of sentences, KoNEC spans and the teacher's added spans.
    """
    silver = list(DocBin().from_disk(silver_path).get_docs(teacher.vocab))
    out = DocBin(attrs=CORPUS_ATTRS, store_user_data=False)
    kept = added = 0
    with teacher.select_pipes(enable=["tok2vec", "ner"]):
        predictions = teacher.pipe((tokens_only(doc) for doc in silver), batch_size=batch_size)
        for doc, predicted in zip(silver, predictions, strict=True):
            merged = merge_teacher_entities(doc, predicted)
            kept += len(doc.ents)
            added += len(merged.ents) - len(doc.ents)
            out.add(merged)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out.to_disk(out_path)
    return {"texts": len(silver), "konec_spans": kept, "teacher_spans": added}
