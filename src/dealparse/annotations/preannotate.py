"""Pre-annotation: run the current pipeline over raw articles and turn its entities and
events into annotation records for a person to correct."""

from __future__ import annotations

from collections.abc import Iterable

from dealparse.annotations.records import ENTITY_LABELS, AnnotatedEntity, AnnotationRecord
from dealparse.extractor import Extractor


def preannotate(
    extractor: Extractor, articles: Iterable[tuple[str, str, str | None]], source: str = ""
) -> list[AnnotationRecord]:
    """Records for ``(id, text, published)`` articles, pre-filled with the pipeline's output."""
    records = []
    for article_id, text, published in articles:
        result = extractor.extract(text, published, id=article_id)
        entities = [
            AnnotatedEntity(start=e.start, end=e.end, label=e.label) for e in result.entities if e.label in ENTITY_LABELS
        ]
        records.append(
            AnnotationRecord(
                id=article_id,
                text=text,
                source=source,
                published=published or (result.published.iso if result.published else None),
                entities=entities,
                events=[e.model_dump(mode="json", exclude_none=True) for e in result.events],
            )
        )
    return records
