"""The annotation record: one text with its entities and, optionally, its events.

One JSONL line per record::

    {"id": "...", "text": "...", "source": "...", "published": "2024-11-27",
     "entities": [{"start": 0, "end": 3, "label": "ORG"}],
     "events": [{"type": "mou", "participants": [{"name": "오픈AI"}], ...}]}

Events follow ../shared/eval/SCHEMA.md (the form ``score.py`` reads), so the same file
trains the NER model and scores event extraction. Each is validated as an
:class:`~dealparse.annotations.events.AnnotatedEvent` (which adds optional trigger and party
offsets) and kept as the dict it was given, so it is written back unchanged.
"""

from __future__ import annotations

from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetPydanticSchema,
    ValidatorFunctionWrapHandler,
    model_validator,
)
from pydantic_core import core_schema

from dealparse.annotations.events import AnnotatedEvent
from dealparse.labels import LABELS

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


def _keep_given(value: Any, validate: ValidatorFunctionWrapHandler) -> dict[str, Any]:
    """Validate ``value`` as an :class:`AnnotatedEvent`; keep it as the dict it was given."""
    event = validate(value)
    return dict(value) if isinstance(value, dict) else event.as_dict()


EventDict = Annotated[
    dict[str, Any],
    GetPydanticSchema(
        lambda _type, handler: core_schema.no_info_wrap_validator_function(
            _keep_given,
            handler.generate_schema(AnnotatedEvent),
            serialization=core_schema.wrap_serializer_function_ser_schema(
                lambda value, serialize: serialize(value), schema=core_schema.dict_schema()
            ),
        )
    ),
]
"""An event in the schema's dict form, validated as an :class:`AnnotatedEvent`."""


class AnnotationRecord(BaseModel):
    """One annotated text. Whether entity and event spans lie inside the text, labels,
    overlaps, and whether an event's spans say its trigger and party names are left to
    :func:`dealparse.annotations.check.check_record`, which reports them with their place.

    ``events`` holds dicts (the schema's form, as read); :meth:`annotated_events` gives them
    typed."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    text: str = Field(min_length=1)
    source: str = ""
    published: str | None = None
    entities: list[AnnotatedEntity] = Field(default_factory=list)
    events: list[EventDict] | None = None

    def spans(self) -> tuple[tuple[int, int, str], ...]:
        """The entities as ``(start, end, label)`` tuples, in text order."""
        return tuple(sorted((e.start, e.end, e.label) for e in self.entities))

    def annotated_events(self) -> list[AnnotatedEvent]:
        """The events as typed :class:`AnnotatedEvent` objects (none when not annotated)."""
        return [AnnotatedEvent.model_validate(event) for event in self.events or []]
