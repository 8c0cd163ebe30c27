"""The event schema: five deal event types as a discriminated union on ``type``.

``model_dump(mode="json")`` of any event satisfies the contract of the evaluation
scorer: ``type``, ``participants`` (objects with ``name``), ``amount``
(``{"value", "currency"}``), ``date`` (object with ``iso``), ``location``
(object with ``name``), ``status`` and, for data centers, ``capacity_mw``.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, computed_field, model_validator

from dealparse.values import Capacity, DateValue, ExactDecimal, Location, Money, Span


class Status(StrEnum):
    """How certain the text is that the event happened."""

    CONFIRMED = "confirmed"
    """It happened or is in effect (체결했다, 투자했다, 설립했다)."""
    PLANNED = "planned"
    """Announced intent or schedule (계획, 예정, 추진하기로, 투자하겠다)."""
    DISCUSSING = "discussing"
    """Under consideration (검토, 논의, 협의 중, 모색, 가능성)."""
    NEGATED = "negated"
    """Denied, called off or not decided (결정된 바 없다, 무산, 철회)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=False)


class Participant(_Model):
    """An organization taking part in an event, with where the text names it."""

    name: str = Field(min_length=1, description="The name as written, without particles (오픈AI).")
    canonical: str | None = Field(
        default=None, description="Canonical name from the gazetteer (한국산업은행 for 산은), if known."
    )
    start: int | None = Field(default=None, ge=0, description="Offset of the mention in the document.")
    end: int | None = Field(default=None, ge=0)

    @property
    def key(self) -> str:
        """The identity used to compare participants: canonical name, else the name."""
        return self.canonical or self.name


class Evidence(Span):
    """The sentence that states the event most fully, with its document offsets."""


class _EventBase(_Model):
    participants: list[Participant] = Field(default_factory=list)
    amount: Money | None = None
    date: DateValue | None = None
    location: Location | None = None
    status: Status = Status.CONFIRMED
    evidence: Evidence | None = None
    confidence: float = Field(default=0.5, ge=0.0, le=1.0, description="Extractor's confidence.")


class MOU(_EventBase):
    """A memorandum of understanding or business agreement (업무협약, MOU, 양해각서, 협약)."""

    type: Literal["mou"] = "mou"


class Investment(_EventBase):
    """Money put into a company, fund or project (투자, 출자, 시리즈 라운드, 투자 유치)."""

    type: Literal["investment"] = "investment"
    investors: list[Participant] = Field(default_factory=list)
    investee: Participant | None = Field(default=None, description="A company, fund or project.")
    round: str | None = Field(default=None, description="Funding round as written: 시리즈A, 시드, 프리IPO.")


class Partnership(_EventBase):
    """A concrete alliance or cooperation between named parties that is not an MOU."""

    type: Literal["partnership"] = "partnership"


class OfficeKind(StrEnum):
    """What kind of presence is opened."""

    OFFICE = "office"
    BRANCH = "branch"
    SUBSIDIARY = "subsidiary"


class OfficeOpening(_EventBase):
    """A company opens or plans an office, branch, subsidiary or local entity."""

    type: Literal["office_opening"] = "office_opening"
    kind: OfficeKind = OfficeKind.OFFICE


class DataCenterMode(StrEnum):
    """How a data center is obtained."""

    BUILD = "build"
    LEASE = "lease"
    OPERATE = "operate"


class DataCenterProject(_EventBase):
    """A data-center project: build, develop, lease, expand or operate."""

    type: Literal["datacenter"] = "datacenter"
    capacity: Capacity | None = None
    mode: DataCenterMode | None = None

    @model_validator(mode="before")
    @classmethod
    def _drop_derived(cls, data: Any) -> Any:
        """Accept this model's own JSON output, whose ``capacity_mw`` is derived."""
        if isinstance(data, dict) and "capacity_mw" in data:
            data = {k: v for k, v in data.items() if k != "capacity_mw"}
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def capacity_mw(self) -> ExactDecimal | None:
        """The capacity in megawatts (exact), when the text gives one."""
        return self.capacity.megawatts if self.capacity else None


Event = Annotated[
    MOU | Investment | Partnership | OfficeOpening | DataCenterProject,
    Field(discriminator="type"),
]
"""Any of the five event types, told apart by ``type``."""

EVENT_TYPES: dict[str, type[_EventBase]] = {
    "mou": MOU,
    "investment": Investment,
    "partnership": Partnership,
    "office_opening": OfficeOpening,
    "datacenter": DataCenterProject,
}

event_adapter: TypeAdapter[Event] = TypeAdapter(Event)
"""Validates a dict (e.g. a line of JSONL output) into the right event class."""


class Entity(Span):
    """A named entity found in the text (ORG, PER, LOC, DATE, TIME, MONEY, QUANTITY)."""

    label: str
    canonical: str | None = None


class ExtractionResult(_Model):
    """What :func:`dealparse.extract` returns for one document."""

    id: str | None = None
    published: DateValue | None = Field(default=None, description="Publication date used for dates.")
    events: list[Event] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :class:`ExtractionResult`, in serialization mode."""
    return ExtractionResult.model_json_schema(mode="serialization")


def json_schema_text() -> str:
    """:func:`json_schema` as indented JSON text."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2)
