"""The annotation record: one text with its entities and, optionally, its events.

One JSONL line per record::

    {"id": "...", "text": "...", "source": "...", "published": "2024-11-27",
     "entities": [{"start": 0, "end": 3, "label": "ORG"}],
     "events": [{"type": "mou", "participants": [{"name": "오픈AI"}], ...}]}

Events follow ../shared/eval/SCHEMA.md (the form ``score.py`` reads), so the same file
trains the NER model and scores event extraction.
"""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from dealparse.events import EVENT_TYPES
from dealparse.training.labels import LABELS

ENTITY_LABELS: frozenset[str] = frozenset(LABELS)


class AnnotatedEntity(BaseModel):
    """A labelled character span ``[start, end)`` of the record's text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: int = Field(ge=0)
    end: int = Field(gt=0)
    label: str

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end <= self.start:
            raise ValueError(f"end {self.end} must be after start {self.start}")
        return self


class AnnotationRecord(BaseModel):
    """One annotated text. Spans must lie inside the text; labels and overlaps are left to
    :func:`dealparse.annotations.check.check_record`, which reports them with their place."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    text: str = Field(min_length=1)
    source: str = ""
    published: str | None = None
    entities: list[AnnotatedEntity] = Field(default_factory=list)
    events: list[dict[str, Any]] | None = None

    @field_validator("events")
    @classmethod
    def _event_types(cls, events: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
        for event in events or []:
            if event.get("type") not in EVENT_TYPES:
                raise ValueError(f"event type {event.get('type')!r} is not one of {sorted(EVENT_TYPES)}")
            if not isinstance(event.get("participants", []), list):
                raise ValueError("event participants must be a list")
        return events

    def spans(self) -> tuple[tuple[int, int, str], ...]:
        """The entities as ``(start, end, label)`` tuples, in text order."""
        return tuple(sorted((e.start, e.end, e.label) for e in self.entities))
