"""Date normalization: absolute and relative Korean forms, with hand-resolved expectations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dealparse import DateValue, InvalidInputError, detect_published, find_dates, parse_date
from dealparse.dates import coerce_published

PUB = "2024-11-27"  # a Wednesday

ABSOLUTE = [
    ("2024.11.26", "2024-11-26", "day"),
    ("2024.11.26.", "2024-11-26", "day"),
    ("2024. 7. 21.", "2024-07-21", "day"),
    ("2024. 7. 21. 18:45", "2024-07-21", "day"),
    ("2024-11-26", "2024-11-26", "day"),
    ("2024/11/26", "2024-11-26", "day"),
    ("2024년 11월 26일", "2024-11-26", "day"),
    ("2024년11월26일", "2024-11-26", "day"),
    ("2023년 6월", "2023-06", "month"),
    ("2023년6월", "2023-06", "month"),
    ("2015년", "2015", "year"),
    ("2015년도", "2015", "year"),
    ("2017년 상반기", "2017", "year"),
    ("2024년 1분기", "2024", "year"),
    ("2019년 말", "2019", "year"),
    ("'24년", "2024", "year"),
    ("'23년 5월", "2023-05", "month"),
    ("Nov. 26, 2024", "2024-11-26", "day"),
    ("November 26, 2024", "2024-11-26", "day"),
    ("November 2024", "2024-11", "month"),
    ("Jan 2025", "2025-01", "month"),
    ("1999.12.31", "1999-12-31", "day"),
    ("2024년 2월 29일", "2024-02-29", "day"),
]


@pytest.mark.parametrize(("text", "iso", "precision"), ABSOLUTE, ids=[c[0] for c in ABSOLUTE])
def test_absolute_forms_without_publication_date(text: str, iso: str, precision: str) -> None:
    value = parse_date(text)
    assert value is not None
    assert (value.iso, value.precision.value) == (iso, precision)


RELATIVE = [
    # published 2024-11-27
    ("지난 26일", PUB, "2024-11-26"),
    ("26일", PUB, "2024-11-26"),
    ("27일", PUB, "2024-11-27"),
    ("지난 28일", PUB, "2024-10-28"),  # after the publication day: previous month
    ("28일", PUB, "2024-10-28"),
    ("지난 4일(현지시간)", PUB, "2024-11-04"),
    ("오는 3일", PUB, "2024-12-03"),
    ("오는 30일", PUB, "2024-11-30"),
    ("지난해 9월", PUB, "2023-09"),
    ("작년 9월", PUB, "2023-09"),
    ("지난해 6월과", PUB, "2023-06"),
    ("지난해", PUB, "2023"),
    ("작년", PUB, "2023"),
    ("재작년", PUB, "2022"),
    ("올해 6월", PUB, "2024-06"),
    ("올 6월", PUB, "2024-06"),
    ("금년 6월", PUB, "2024-06"),
    ("올해", PUB, "2024"),
    ("올해 초", PUB, "2024"),
    ("올 상반기", PUB, "2024"),
    ("내년", PUB, "2025"),
    ("내년 1월", PUB, "2025-01"),
    ("지난해 2월 5일", PUB, "2023-02-05"),
    ("지난달", PUB, "2024-10"),
    ("지난 달", PUB, "2024-10"),
    ("지난달 5일", PUB, "2024-10-05"),
    ("이달", PUB, "2024-11"),
    ("이달 초", PUB, "2024-11"),
    ("이번 달", PUB, "2024-11"),
    ("다음 달", PUB, "2024-12"),
    ("내달", PUB, "2024-12"),
    ("어제", PUB, "2024-11-26"),
    ("전날", PUB, "2024-11-26"),
    ("그제", PUB, "2024-11-25"),
    ("오늘", PUB, "2024-11-27"),
    ("이날", PUB, "2024-11-27"),
    ("내일", PUB, "2024-11-28"),
    ("11월 26일", PUB, "2024-11-26"),
    ("지난 4월", PUB, "2024-04"),
    ("4월", PUB, "2024-04"),
    ("지난 1월", PUB, "2024-01"),
    ("12월", PUB, "2024-12"),
    # month rollover at the start of a month and of a year
    ("지난 26일", "2024-11-03", "2024-10-26"),
    ("지난 26일", "2024-01-05", "2023-12-26"),
    ("31일", "2024-03-02", None),  # February has no 31st
    ("지난달", "2024-01-15", "2023-12"),
    ("다음 달", "2024-12-15", "2025-01"),
    ("어제", "2024-03-01", "2024-02-29"),
    ("지난 11월", "2025-02-09", "2024-11"),
    ("11월", "2025-02-09", "2024-11"),
    ("오는 1월", "2024-11-27", "2025-01"),
    ("1월 21일", "2025-01-31", "2025-01-21"),
]


@pytest.mark.parametrize(("text", "published", "iso"), RELATIVE, ids=[f"{c[0]}@{c[1]}" for c in RELATIVE])
def test_relative_forms(text: str, published: str, iso: str | None) -> None:
    value = parse_date(text, published=published)
    if iso is None:
        assert value is None  # 2024-02-31 does not exist
    else:
        assert value is not None and value.iso == iso


@pytest.mark.parametrize("text", ["지난 26일", "지난해 9월", "올해", "어제", "이날", "지난달", "11월 26일"])
def test_relative_forms_need_a_publication_date(text: str) -> None:
    assert parse_date(text) is None


NOT_DATES = [
    "지난 1년간",
    "계약 기간은 6년",
    "7년간 25억달러",
    "26일간",
    "3일째",
    "30일 이내",
    "26억원",
    "11개 도시",
    "3곳을 임차해",
    "06:01:00",
    "010-1234-5678",
    "2020년대",
    "올림픽",
    "제1회",
    "",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(text: str) -> None:
    assert find_dates(text, PUB) == []


def test_offsets_and_order_in_a_sentence() -> None:
    text = "마이크로소프트도 2017년 상업용 데이터센터 2곳 임대 후 2020년 부산에서 자체 데이터센터를 구축했다."
    found = find_dates(text, PUB)
    assert [(d.text, d.iso) for d in found] == [("2017년", "2017"), ("2020년", "2020")]
    for d in found:
        assert text[d.start : d.end] == d.text


def test_sentence_with_relative_day() -> None:
    text = "오픈AI는 지난 26일 한국산업은행과 MOU를 체결했다고 밝혔다."
    (d,) = find_dates(text, "2024-11-27")
    assert (d.text, d.iso, d.precision.value) == ("지난 26일", "2024-11-26", "day")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-11-27", dt.date(2024, 11, 27)),
        ("2024-11-27T06:01:00", dt.date(2024, 11, 27)),
        (dt.date(2024, 11, 27), dt.date(2024, 11, 27)),
        (dt.datetime(2024, 11, 27, 6, 1), dt.date(2024, 11, 27)),
        (DateValue(iso="2024-11-27"), dt.date(2024, 11, 27)),
        (None, None),
    ],
)
def test_coerce_published(value: object, expected: dt.date | None) -> None:
    assert coerce_published(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["yesterday", "2024-13-01", "27/11/2024", 20241127, DateValue(iso="2024-11")])
def test_bad_published_is_a_typed_error(bad: object) -> None:
    with pytest.raises(InvalidInputError):
        coerce_published(bad)  # type: ignore[arg-type]


SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.parametrize(
    ("prefix", "iso"),
    [("000", "2026-03-18"), ("001", None), ("002", "2024-07-21"), ("003", "2024-11-27"), ("004", None)],
)
def test_publication_date_printed_in_seed_articles(prefix: str, iso: str | None) -> None:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    found = detect_published(path.read_text(encoding="utf-8"), today=dt.date(2026, 11, 22))
    assert (found.iso if found else None) == iso


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("입력 2024-11-27 06:01 수정 2024-11-28 09:00", "2024-11-27"),
        ("수정 2024.11.28 09:00\n입력 2024.11.27 06:01", "2024-11-27"),
        ("기사입력 2024.11.27. 오전 6:01", "2024-11-27"),
        ("승인 2023.03.20 10:00", "2023-03-20"),
        ("홍길동 기자 2024. 7. 21. 18:45\n본문", "2024-07-21"),
        ("2024년 11월 27일 06시 01분\n본문", "2024-11-27"),
        ("03.18 (수)\n제목", "2026-03-18"),
        ("3월 18일(수)\n제목", "2026-03-18"),
        ("본문만 있고 날짜가 없다.", None),
    ],
)
def test_detect_published(text: str, iso: str | None) -> None:
    found = detect_published(text, today=dt.date(2026, 11, 22))
    assert (found.iso if found else None) == iso


def test_weekday_header_picks_latest_matching_year_not_after_today() -> None:
    # 2026-03-18 is a Wednesday; with today in 2025 the latest earlier Wednesday-18-March is 2020.
    found = detect_published("03.18 (수)", today=dt.date(2025, 6, 1))
    assert found is not None and found.iso == "2020-03-18"
