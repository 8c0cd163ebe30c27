"""Capacity parsing: megawatt and gigawatt forms, with hand-converted megawatts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dealparse import InvalidInputError, find_capacities, parse_capacity

D = Decimal

CASES = [
    ("500메가와트", D("500"), "MW"),
    ("500 메가와트", D("500"), "MW"),
    ("500MW", D("500"), "MW"),
    ("500 MW", D("500"), "MW"),
    ("500mw", D("500"), "MW"),
    ("300㎿", D("300"), "MW"),
    ("200MW급", D("200"), "MW"),
    ("1,000MW", D("1000"), "MW"),
    ("1.5GW", D("1500"), "GW"),
    ("3기가와트", D("3000"), "GW"),
    ("3 기가와트", D("3000"), "GW"),
    ("1GW", D("1000"), "GW"),
    ("0.5GW", D("500"), "GW"),
    ("2.2GW", D("2200"), "GW"),
    ("40MW", D("40"), "MW"),
    ("100kW", D("0.1"), "kW"),
    ("500킬로와트", D("0.5"), "kW"),
    ("800㎾", D("0.8"), "kW"),
    ("1천MW", D("1000"), "MW"),
    ("약 100MW", D("100"), "MW"),
    ("최대 1GW", D("1000"), "GW"),
    ("100MW 이상", D("100"), "MW"),
]


@pytest.mark.parametrize(("text", "megawatts", "unit"), CASES, ids=[c[0] for c in CASES])
def test_capacities(text: str, megawatts: Decimal, unit: str) -> None:
    cap = parse_capacity(text)
    assert cap is not None
    assert cap.megawatts == megawatts
    assert cap.unit == unit


@pytest.mark.parametrize(
    ("text", "flag"), [("약 100MW", "approximate"), ("최대 1GW", "at_most"), ("100MW 이상", "at_least")]
)
def test_qualifier_flags(text: str, flag: str) -> None:
    cap = parse_capacity(text)
    assert cap is not None and getattr(cap, flag)


def test_range_keeps_upper_bound_as_at_most() -> None:
    cap = parse_capacity("100~200MW")
    assert cap is not None and cap.megawatts == 200 and cap.at_most


SENTENCES = [
    (
        "이에 군은 2030년까지 휴천일반산단 내 200MW급 데이터센터 유치를 추진할 계획이다.",
        ["200MW"],
        [D("200")],
    ),
    ("해당 데이터센터 규모는 3기가와트(GW)로, 최대 350억달러가 투입된다.", ["3기가와트"], [D("3000")]),
    (
        "500메가와트급 재생에너지 설비와 1.5GW 규모 데이터센터",
        ["500메가와트", "1.5GW"],
        [D("500"), D("1500")],
    ),
]


@pytest.mark.parametrize(("sentence", "texts", "mws"), SENTENCES, ids=range(len(SENTENCES)))
def test_capacities_in_sentences(sentence: str, texts: list[str], mws: list[Decimal]) -> None:
    found = find_capacities(sentence)
    assert [c.text for c in found] == texts
    assert [c.megawatts for c in found] == mws
    for c in found:
        assert sentence[c.start : c.end] == c.text


NOT_CAPACITY = [
    "40MWh 배터리",
    "100GWh 전력량",
    "500메가와트시",
    "MW 단위",
    "500억원",
    "2024년",
    "5G 통신",
    "",
    "SMW100",
]


@pytest.mark.parametrize("text", NOT_CAPACITY)
def test_not_capacity(text: str) -> None:
    assert find_capacities(text) == []


@pytest.mark.parametrize("bad", [None, 500, ["500MW"]])
def test_bad_input(bad: object) -> None:
    with pytest.raises(InvalidInputError):
        find_capacities(bad)  # type: ignore[arg-type]
