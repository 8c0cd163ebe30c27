"""An annotated event: the evaluation schema's event (``../shared/eval/SCHEMA.md``),
validated, with optional character offsets for its trigger and its parties.

The dict form stays the schema's, so a gold file's event, a pre-annotated event (the
extractor's JSON) and a hand-annotated one with offsets all validate::

    {"type": "mou", "status": "confirmed",
     "trigger": "업무협약을 맺었다", "trigger_start": 12, "trigger_end": 21,
     "participants": [{"name": "새봄텍", "start": 0, "end": 3},
                      {"name": "한빛에너지", "start": 5, "end": 10, "role": "participant"}],
     "date": "2025-03", "evidence": "새봄텍은 한빛에너지와 …"}

A party is a name as written (``"새봄텍"``), a list of acceptable names for the same
organization (``["한빛에너지", "한빛"]``), or an object with ``name`` and, optionally,
``start``/``end`` offsets and a ``role``. Keys beyond the ones below (``round``,
``confidence``, the extractor's ``capacity`` …) are kept as they are.

What needs the record's text (offsets inside it, the span's text equal to the stated trigger
or name) is checked by :func:`dealparse.annotations.check.check_record`.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    field_validator,
    model_validator,
)

from dealparse.events import EVENT_TYPES, DataCenterMode, OfficeKind, Status
from dealparse.values import ExactDecimal

Name = Annotated[str, StringConstraints(min_length=1)]


class Role(StrEnum):
    """What a party does in the event."""

    PARTICIPANT = "participant"
    INVESTOR = "investor"
    INVESTEE = "investee"


def _offsets(start: int | None, end: int | None, what: str) -> None:
    if (start is None) != (end is None):
        raise ValueError(f"{what} start and end must be given together")
    if start is not None and end is not None and end <= start:
        raise ValueError(f"{what} end {end} must be after start {start}")


class _Slot(BaseModel):
    """An object value; keys other than the declared ones are kept."""

    model_config = ConfigDict(extra="allow")


class _Located(_Slot):
    """A value with, optionally, the text it was read from and its offsets in the record's text."""

    text: str | None = None
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        _offsets(self.start, self.end, "span")
        return self


class AnnotatedParty(_Located):
    """An organization taking part, with where the text names it (``[start, end)``)."""

    name: Name
    role: Role | None = None


def _form(value: Any) -> str:
    """Which form a name slot takes: an object, a list of acceptable names, or a name."""
    if isinstance(value, dict | BaseModel):
        return "object"
    return "aliases" if isinstance(value, list) else "name"


Party = Annotated[
    Annotated[Name, Tag("name")]
    | Annotated[list[Name], Field(min_length=1), Tag("aliases")]
    | Annotated[AnnotatedParty, Tag("object")],
    Discriminator(_form),
]
"""A name, a list of acceptable names, or an :class:`AnnotatedParty`."""


class AnnotatedAmount(_Located):
    """``{"value": 13000000000, "currency": "USD"}``: whole units of an ISO 4217 currency."""

    value: ExactDecimal
    currency: str

    @field_validator("currency")
    @classmethod
    def _iso_4217(cls, code: str) -> str:
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise ValueError(f"currency {code!r} is not an ISO 4217 code (three capital letters: KRW, USD)")
        return code


_ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _iso_date(value: str) -> str:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``, kept at its precision."""
    if not _ISO_DATE.fullmatch(value):
        raise ValueError(f"date {value!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = [*value.split("-"), "01", "01"][:3]
    try:
        dt.date(int(year), int(month), int(day))
    except ValueError as err:
        raise ValueError(f"date {value!r} is not a calendar date ({err})") from None
    return value


IsoDate = Annotated[str, Field(description="YYYY-MM-DD, YYYY-MM or YYYY")]


class AnnotatedDate(_Located):
    """The extractor's date object: ``{"iso": "2025-03", ...}``."""

    iso: IsoDate

    @field_validator("iso")
    @classmethod
    def _valid_iso(cls, value: str) -> str:
        return _iso_date(value)


class AnnotatedLocation(_Located):
    """The extractor's location object: ``{"name": "서울", ...}``."""

    name: Name


class AnnotatedEvidence(_Located):
    """The extractor's evidence object: the sentence with its offsets."""

    text: str


DateSlot = Annotated[
    Annotated[IsoDate, Tag("name")] | Annotated[AnnotatedDate, Tag("object")], Discriminator(_form)
]
LocationSlot = Annotated[
    Annotated[Name, Tag("name")]
    | Annotated[list[Name], Field(min_length=1), Tag("aliases")]
    | Annotated[AnnotatedLocation, Tag("object")],
    Discriminator(_form),
]
EvidenceSlot = Annotated[
    Annotated[str, Tag("name")] | Annotated[AnnotatedEvidence, Tag("object")], Discriminator(_form)
]

_INVESTMENT_ONLY = ("investors", "investee")


class AnnotatedEvent(BaseModel):
    """One annotated event in the evaluation schema's form, with optional offsets.

    ``type`` is one of :data:`dealparse.events.EVENT_TYPES`; ``status`` one of
    :class:`dealparse.events.Status` (absent: not annotated; readers take ``confirmed``).
    ``trigger_start``/``trigger_end`` are the trigger phrase's offsets ``[start, end)`` in
    the record's text; parties' ``start``/``end`` likewise. ``investors``, ``investee`` and
    the roles ``investor``/``investee`` belong to investments only.
    """

    model_config = ConfigDict(extra="allow")

    type: str
    status: Status | None = None
    trigger: Name | None = None
    trigger_start: int | None = Field(default=None, ge=0)
    trigger_end: int | None = Field(default=None, ge=0)
    participants: list[Party] = Field(default_factory=list)
    investors: list[Party] | None = None
    investee: Party | None = None
    amount: AnnotatedAmount | None = None
    amount_alt: AnnotatedAmount | None = None
    date: DateSlot | None = None
    location: LocationSlot | None = None
    capacity_mw: ExactDecimal | None = None
    kind: OfficeKind | None = None
    mode: DataCenterMode | None = None
    evidence: EvidenceSlot | None = None

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value not in EVENT_TYPES:
            raise ValueError(f"event type {value!r} is not one of {sorted(EVENT_TYPES)}")
        return value

    @field_validator("date")
    @classmethod
    def _iso(cls, value: str | AnnotatedDate | None) -> str | AnnotatedDate | None:
        return _iso_date(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        _offsets(self.trigger_start, self.trigger_end, "trigger")
        if self.type != "investment":
            given = [name for name in _INVESTMENT_ONLY if getattr(self, name)]
            roles = {p.role.value for p in self.parties() if p.role not in (None, Role.PARTICIPANT)}
            if given or roles:
                raise ValueError(
                    f"a {self.type} event has no {', '.join(given + sorted(roles))} (investments only)"
                )
        for party in self.investors or []:
            if isinstance(party, AnnotatedParty) and party.role not in (None, Role.INVESTOR):
                raise ValueError(f"investor {party.name!r} has role {party.role.value!r}")
        if isinstance(self.investee, AnnotatedParty) and self.investee.role not in (None, Role.INVESTEE):
            raise ValueError(f"investee {self.investee.name!r} has role {self.investee.role.value!r}")
        return self

    def parties(self) -> list[AnnotatedParty]:
        """Every party given as an object (participants, investors, investee), in that order."""
        items = [*self.participants, *(self.investors or []), *([self.investee] if self.investee else [])]
        return [p for p in items if isinstance(p, AnnotatedParty)]

    def located_parties(self) -> list[tuple[str, AnnotatedParty]]:
        """``(place, party)`` for the parties with offsets; place as ``participants[1]``."""
        places = [(f"participants[{i}]", p) for i, p in enumerate(self.participants)]
        places += [(f"investors[{i}]", p) for i, p in enumerate(self.investors or [])]
        places += [("investee", self.investee)] if self.investee is not None else []
        return [(w, p) for w, p in places if isinstance(p, AnnotatedParty) and p.start is not None]

    def as_dict(self) -> dict[str, Any]:
        """The schema's dict form: the keys that were given, JSON values."""
        return self.model_dump(mode="json", exclude_unset=True)
