"""The events a reader finds in the five seed articles, asserted on the pipeline's real output.

Expected values were read off the articles by hand (see ../shared/eval/dev/seed-*.json).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import dealparse

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_003() -> list:
    return dealparse.load("rules").extract(seed("003"), published="2024-11-27").events


def names(event) -> set[str]:
    return {p.canonical or p.name for p in event.participants}


def find(events: list, type_: str, *participants: str) -> list:
    return [e for e in events if e.type == type_ and set(participants) <= names(e)]


def test_seed_003_openai_kdb_mou_once_confirmed_with_date(seed_003: list) -> None:
    mous = find(seed_003, "mou", "오픈AI", "한국산업은행")
    assert len(mous) == 1, [e.evidence.text for e in mous]
    (mou,) = mous
    assert mou.status == "confirmed"
    assert mou.date is not None and mou.date.iso == "2024-11-26"


def test_seed_003_investment_with_conversion(seed_003: list) -> None:
    (inv,) = [e for e in find(seed_003, "investment", "오픈AI") if e.amount and e.amount.currency == "USD"]
    assert inv.amount.value == Decimal("6600000000")
    assert inv.amount.converted is not None
    assert (inv.amount.converted.value, inv.amount.converted.currency) == (Decimal("9238000000000"), "KRW")
    assert inv.date is not None and inv.date.iso == "2024-10"


def test_seed_003_korean_branch_is_not_decided(seed_003: list) -> None:
    offices = find(seed_003, "office_opening", "오픈AI")
    assert any(o.status == "negated" and o.kind == "branch" for o in offices)


def test_seed_003_datacenter_lease_under_discussion(seed_003: list) -> None:
    dcs = find(seed_003, "datacenter", "오픈AI")
    assert any(d.status == "discussing" for d in dcs)


def test_seed_003_google_leased_in_2015(seed_003: list) -> None:
    leases = [d for d in find(seed_003, "datacenter", "구글") if d.mode == "lease"]
    assert [d.date.iso for d in leases if d.date] == ["2015"]


def test_seed_003_evidence_offsets_match_text(seed_003: list) -> None:
    text = seed("003")
    for event in seed_003:
        assert event.evidence is not None
        assert text[event.evidence.start : event.evidence.end] == event.evidence.text
        for p in event.participants:
            assert text[p.start : p.end] == p.name


def test_seed_003_publication_date_detected_from_text() -> None:
    result = dealparse.extract(seed("003"))
    assert result.published is not None and result.published.iso == "2024-11-27"


def test_seed_001_openai_korean_subsidiary() -> None:
    events = dealparse.extract(seed("001"), published="2025-10-24").events
    offices = find(events, "office_opening", "오픈AI")
    assert offices, "the article reports OpenAI's Korean entity"
    assert any(o.kind == "subsidiary" for o in offices)


def test_seed_001_repeated_body_is_not_double_counted() -> None:
    events = dealparse.extract(seed("001"), published="2025-10-24").events
    keys = [(e.type, frozenset(names(e)), e.date.iso if e.date else None) for e in events]
    assert len(keys) == len(set(keys))


def test_seed_002_samsung_google_partnership() -> None:
    events = dealparse.extract(seed("002"), published="2024-07-21").events
    assert find(events, "partnership", "삼성전자", "구글")


def test_seed_000_publication_date_from_weekday_header() -> None:
    result = dealparse.extract(seed("000"))
    assert result.published is not None and result.published.iso.endswith("-03-18")


def test_seed_004_finds_events() -> None:
    text = seed("004")
    events = dealparse.extract(text).events
    assert events
    for event in events:  # offsets point at what they name
        assert event.evidence is not None
        assert text[event.evidence.start : event.evidence.end] == event.evidence.text
        assert all(text[p.start : p.end] == p.name for p in event.participants if p.start is not None)


def test_seed_003_mou_participants_are_named_in_its_evidence(seed_003: list) -> None:
    (mou,) = find(seed_003, "mou", "오픈AI", "한국산업은행")
    assert mou.evidence is not None
    for p in mou.participants:
        assert mou.evidence.start <= p.start < p.end <= mou.evidence.end
