"""The typed schema: validation, serialization and the contract the scorer reads."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from pydantic import ValidationError

from dealparse.events import (
    MOU,
    DataCenterProject,
    Evidence,
    ExtractionResult,
    Investment,
    OfficeOpening,
    Participant,
    Partnership,
    Status,
    event_adapter,
    json_schema,
)
from dealparse.values import Capacity, DateValue, Location, Money, Precision


def test_money_is_exact_and_serializes_as_integer() -> None:
    money = Money(value=Decimal("9238000000000"), currency="krw", text="9조2380억원", start=3, end=10)
    assert money.currency == "KRW"
    dumped = money.model_dump(mode="json")
    assert dumped["value"] == 9238000000000
    assert isinstance(dumped["value"], int)


def test_money_fraction_serializes_as_exact_string() -> None:
    assert Money(value=Decimal("3.50"), currency="USD").model_dump(mode="json")["value"] == "3.5"


def test_money_rejects_floats_nan_and_negative() -> None:
    with pytest.raises(ValidationError):
        Money(value=Decimal("-1"), currency="KRW")
    with pytest.raises(ValidationError):
        Money(value=Decimal("NaN"), currency="KRW")


@pytest.mark.parametrize("code", ["", "WON", "XYZ", "usd1"])
def test_money_rejects_unknown_currency(code: str) -> None:
    with pytest.raises(ValidationError, match="currency"):
        Money(value=1, currency=code)


def test_money_range_bounds_are_ordered() -> None:
    assert Money(value=5_000_000, max_value=10_000_000, currency="USD").is_range
    with pytest.raises(ValidationError, match="below"):
        Money(value=10, max_value=5, currency="USD")


def test_money_keeps_conversion() -> None:
    money = Money(
        value=13_000_000_000,
        currency="USD",
        converted=Money(value=20_000_000_000_000, currency="KRW", approximate=True),
    )
    dumped = money.model_dump(mode="json")
    assert dumped["converted"] == {**dumped["converted"], "value": 20_000_000_000_000, "currency": "KRW"}
    assert dumped["converted"]["approximate"] is True


def test_offsets_must_be_ordered_and_paired() -> None:
    with pytest.raises(ValidationError, match="before start"):
        Money(value=1, currency="KRW", start=5, end=2)
    with pytest.raises(ValidationError, match="together"):
        Money(value=1, currency="KRW", start=5)


def test_capacity_megawatts() -> None:
    assert Capacity(value=Decimal("1.5"), unit="GW").megawatts == Decimal("1500")
    assert Capacity(value=500, unit="MW").megawatts == 500
    with pytest.raises(ValidationError, match="unit"):
        Capacity(value=1, unit="MWh")


@pytest.mark.parametrize(
    ("iso", "precision"),
    [("2024-11-26", Precision.DAY), ("2024-11", Precision.MONTH), ("2024", Precision.YEAR)],
)
def test_date_precision_is_inferred(iso: str, precision: Precision) -> None:
    assert DateValue(iso=iso).precision == precision


@pytest.mark.parametrize("iso", ["2024-02-30", "2024-13", "24-11-26", "2024/11/26", "November"])
def test_invalid_dates_are_rejected(iso: str) -> None:
    with pytest.raises(ValidationError):
        DateValue(iso=iso)


def test_date_precision_must_match_iso() -> None:
    with pytest.raises(ValidationError, match="precision"):
        DateValue(iso="2024-11", precision="day")


def test_event_dump_satisfies_scorer_contract() -> None:
    event = Investment(
        participants=[Participant(name="오픈AI", canonical="오픈AI")],
        investee=Participant(name="오픈AI"),
        amount=Money(value=6_600_000_000, currency="USD"),
        date=DateValue(iso="2024-10"),
        location=Location(name="한국"),
        status=Status.CONFIRMED,
        evidence=Evidence(text="오픈AI는 투자를 유치했다.", start=0, end=15),
        confidence=0.8,
    )
    dumped = event.model_dump(mode="json")
    assert dumped["type"] == "investment"
    assert dumped["participants"][0]["name"] == "오픈AI"
    assert dumped["amount"]["value"] == 6_600_000_000 and dumped["amount"]["currency"] == "USD"
    assert dumped["date"]["iso"] == "2024-10"
    assert dumped["location"]["name"] == "한국"
    assert dumped["status"] == "confirmed"
    json.dumps(dumped)  # plain JSON types only


def test_datacenter_exposes_capacity_mw_and_round_trips() -> None:
    event = DataCenterProject(
        participants=[Participant(name="SK텔레콤")], capacity=Capacity(value=1, unit="GW")
    )
    dumped = event.model_dump(mode="json")
    assert dumped["capacity_mw"] == 1000
    assert event_adapter.validate_python(dumped) == event


@pytest.mark.parametrize(
    ("payload", "cls"),
    [
        ({"type": "mou"}, MOU),
        ({"type": "partnership"}, Partnership),
        ({"type": "office_opening", "kind": "branch"}, OfficeOpening),
        ({"type": "datacenter", "mode": "lease"}, DataCenterProject),
    ],
)
def test_discriminated_union_picks_the_type(payload: dict, cls: type) -> None:
    assert isinstance(event_adapter.validate_python(payload), cls)


@pytest.mark.parametrize(
    "payload",
    [
        {"type": "merger"},
        {"type": "mou", "status": "rumoured"},
        {"type": "office_opening", "kind": "factory"},
        {"type": "mou", "confidence": 1.5},
        {"type": "mou", "participants": [{"name": ""}]},
        {"type": "mou", "unknown_field": 1},
    ],
)
def test_invalid_events_are_rejected(payload: dict) -> None:
    with pytest.raises(ValidationError):
        event_adapter.validate_python(payload)


def test_json_schema_covers_all_event_types() -> None:
    schema = json_schema()
    for name in ("MOU", "Investment", "Partnership", "OfficeOpening", "DataCenterProject", "Money"):
        assert name in schema["$defs"]
    events = schema["properties"]["events"]["items"]
    assert events["discriminator"]["propertyName"] == "type"


def test_result_round_trips_through_json() -> None:
    result = ExtractionResult(
        id="a", events=[MOU(participants=[Participant(name="A"), Participant(name="B")])]
    )
    assert ExtractionResult.model_validate_json(result.model_dump_json()) == result
