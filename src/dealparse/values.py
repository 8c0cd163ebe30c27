"""Normalized value types: money, capacity, dates, locations and text spans.

Every value keeps the text it was read from and, when found in a document, its
character offsets (``start`` inclusive, ``end`` exclusive, Python string indices).
Money and capacity are exact (:class:`~decimal.Decimal`), never floats.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    field_validator,
    model_validator,
)


def _decimal_to_json(value: Decimal) -> int | str:
    """Integral amounts become JSON integers; others an exact decimal string."""
    if value == value.to_integral_value():
        return int(value)
    return format(value.normalize(), "f")


ExactDecimal = Annotated[
    Decimal,
    Field(ge=0, allow_inf_nan=False),
    PlainSerializer(_decimal_to_json, return_type=int | str, when_used="json"),
]
"""A non-negative exact decimal; serialized to JSON as an integer when it is one."""


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Located(_Value):
    """Mixin: the source text of a value and its character offsets in the document."""

    text: str | None = Field(default=None, description="The expression as written in the text.")
    start: int | None = Field(default=None, ge=0, description="Offset of the first character.")
    end: int | None = Field(default=None, ge=0, description="Offset after the last character.")

    @model_validator(mode="after")
    def _check_offsets(self) -> Located:
        if (self.start is None) != (self.end is None):
            raise ValueError("start and end must be given together")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self


class Span(Located):
    """A piece of the document: its text and offsets (all required)."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


# ISO 4217 codes that Korean business news uses; the parser maps words and symbols to these.
CURRENCIES: frozenset[str] = frozenset(
    [
        "KRW",
        "USD",
        "EUR",
        "JPY",
        "CNY",
        "GBP",
        "HKD",
        "TWD",
        "SGD",
        "AUD",
        "CAD",
        "CHF",
        "INR",
        "VND",
        "IDR",
        "THB",
        "MYR",
        "PHP",
        "AED",
        "SAR",
        "RUB",
        "BRL",
        "MXN",
        "SEK",
        "NOK",
        "DKK",
        "NZD",
        "PLN",
        "TRY",
        "ILS",
        "ZAR",
    ]
)


class Money(Located):
    """An amount of money in whole units of an ISO 4217 currency.

    ``value`` is exact. Qualifiers from the text are kept as flags: ``approximate``
    (약, 가량, 여, 쯤), ``at_least`` (이상, 넘는), ``at_most`` (최대, 이하, 미만),
    ``bracket`` (조원대: the value's order of magnitude). A range (500만~1000만달러)
    has ``value`` as its lower and ``max_value`` as its upper bound. A parenthetical
    conversion (130억달러(약 20조원)) is kept in ``converted``.
    """

    value: ExactDecimal
    currency: str = Field(description="ISO 4217 code, e.g. KRW, USD.")
    max_value: ExactDecimal | None = Field(default=None, description="Upper bound of a range.")
    approximate: bool = False
    at_least: bool = False
    at_most: bool = False
    bracket: bool = False
    converted: Money | None = Field(
        default=None, description="The same amount converted in the text, e.g. (약 20조원)."
    )

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, code: str) -> str:
        code = code.upper()
        if code not in CURRENCIES:
            raise ValueError(f"unknown or unsupported ISO 4217 currency code: {code!r}")
        return code

    @model_validator(mode="after")
    def _check_range(self) -> Money:
        if self.max_value is not None and self.max_value < self.value:
            raise ValueError(f"range upper bound {self.max_value} is below {self.value}")
        return self

    @property
    def is_range(self) -> bool:
        """True when the text gives a range (``max_value`` is set)."""
        return self.max_value is not None


class Capacity(Located):
    """An electrical capacity (data centers): the value as written, its unit, and megawatts."""

    value: ExactDecimal
    unit: str = Field(description="MW, GW or kW, as normalized from the text.")
    approximate: bool = False
    at_least: bool = False
    at_most: bool = False

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, unit: str) -> str:
        if unit not in _UNIT_TO_MW:
            raise ValueError(f"unknown capacity unit {unit!r}; expected one of {sorted(_UNIT_TO_MW)}")
        return unit

    @property
    def megawatts(self) -> Decimal:
        """The capacity in megawatts, exact."""
        return self.value * _UNIT_TO_MW[self.unit]


_UNIT_TO_MW = {"kW": Decimal("0.001"), "MW": Decimal(1), "GW": Decimal(1000)}


class Precision(StrEnum):
    """How much of a date the text gives."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


_ISO_BY_PRECISION = {
    Precision.DAY: re.compile(r"\d{4}-\d{2}-\d{2}"),
    Precision.MONTH: re.compile(r"\d{4}-\d{2}"),
    Precision.YEAR: re.compile(r"\d{4}"),
}


class DateValue(Located):
    """A calendar date at the precision the text gives: ``2024-11-26``, ``2024-11`` or ``2024``."""

    iso: str = Field(description="ISO 8601 date, truncated to its precision.")
    precision: Precision

    @model_validator(mode="before")
    @classmethod
    def _infer_precision(cls, data: Any) -> Any:
        if isinstance(data, dict) and "precision" not in data and isinstance(data.get("iso"), str):
            data = {**data, "precision": {10: "day", 7: "month", 4: "year"}.get(len(data["iso"]))}
        return data

    @model_validator(mode="after")
    def _check_iso(self) -> DateValue:
        if not _ISO_BY_PRECISION[self.precision].fullmatch(self.iso):
            raise ValueError(f"{self.iso!r} is not an ISO date of {self.precision.value} precision")
        year, month, day = ([*self.iso.split("-"), "01", "01"])[:3]
        try:
            dt.date(int(year), int(month), int(day))
        except ValueError as exc:
            raise ValueError(f"{self.iso!r} is not a calendar date: {exc}") from None
        return self

    @classmethod
    def of(cls, date: dt.date, precision: Precision, **located: Any) -> DateValue:
        """Build from a :class:`datetime.date`, truncated to ``precision``."""
        iso = date.isoformat()[: {Precision.DAY: 10, Precision.MONTH: 7, Precision.YEAR: 4}[precision]]
        return cls(iso=iso, precision=precision, **located)

    @property
    def date(self) -> dt.date:
        """The first day the value covers (``2024-11`` → 2024-11-01)."""
        parts = [int(p) for p in self.iso.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])


class Location(Located):
    """A place as written (서울, 부산 강서구, 미국 뉴욕)."""

    name: str = Field(min_length=1)
