"""Random and hostile input: every public parser and ``extract`` gives a result or a
``DealparseError``, in time linear in the input (issue 17)."""

from __future__ import annotations

import itertools
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dealparse
from dealparse.capacity import find_capacities
from dealparse.dates import find_dates
from dealparse.errors import DealparseError
from dealparse.money import find_money, parse_money
from dealparse.numbers import parse_korean_number

NUMBERISH = st.text(alphabet="0123456789,.억만조천원달러일월년MWmwGgkK약~ -지난내", max_size=60)


def test_long_digit_runs_are_not_amounts_and_parse_fast() -> None:
    started = time.perf_counter()
    assert parse_money("1" * 4000) is None
    assert find_money("1" * 4000 + "억원") == []
    assert find_capacities("1" * 40 + "MW") == []
    assert parse_korean_number("9" * 30) is None
    assert time.perf_counter() - started < 2  # was 7 s for parse_money alone


@pytest.mark.parametrize(
    ("published", "outside"),
    [("0001-01-01", {"13일", "지난 26일", "어제", "지난해 9월"}), ("9999-12-31", {"내일", "다음 달 3일", "내년 5월"})],
)
def test_dates_outside_the_calendar_are_skipped(published: str, outside: set[str]) -> None:
    text = "13일 지난 26일 어제 내일 다음 달 3일 내년 5월 지난해 9월"
    found = {d.text for d in find_dates(text, published)}
    assert found and not found & outside


def test_latin_capacity_units_in_any_case() -> None:
    for text in ("40Mw", "40mW", "40mw", "40MW"):
        assert [(c.value, c.unit) for c in find_capacities(f"{text} 규모")] == [(40, "MW")]
    assert [c.unit for c in find_capacities("1.5gW")] == ["GW"] and [c.unit for c in find_capacities("200kw")] == ["kW"]
    assert find_capacities("100mwh") == []


def test_lone_surrogate_is_read_as_a_replacement_character() -> None:
    text = "새봄텍은 \ud800 한빛랩스와 업무협약을 체결했다."
    result = dealparse.load("rules").extract(text)
    assert result.entities and all(e.text == text[e.start : e.end] for e in result.entities)


def test_ids_travel_with_the_results() -> None:
    assert dealparse.extract("hello", id="x1").id == "x1"
    results = list(dealparse.extract_many([("새봄텍", "2026-01-02", "a"), "no hangul", ("한빛랩스", None)]))
    assert [r.id for r in results] == ["a", None, None]
    with pytest.raises(DealparseError):
        list(dealparse.extract_many([("a", None, "b", "c")]))  # type: ignore[list-item]


@settings(max_examples=300, deadline=None)
@given(NUMBERISH)
def test_number_parsers_never_raise(text: str) -> None:
    parse_korean_number(text)
    find_money(text)
    find_capacities(text)


@settings(max_examples=200, deadline=None)
@given(NUMBERISH, st.dates())
def test_dates_never_raise(text: str, published: object) -> None:
    for found in find_dates(text, published):  # type: ignore[arg-type]
        assert found.start < found.end <= len(text)


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("가나다억원일MW.\n "), max_size=200))
def test_extract_gives_a_result_or_a_dealparse_error(text: str) -> None:
    try:
        result = dealparse.load("rules").extract(text, "2026-01-05")
    except DealparseError:
        return
    for event in result.events:
        assert 0 <= event.evidence.start <= event.evidence.end <= len(text)


def test_page_furniture_is_not_read_and_offsets_still_hold() -> None:
    from dealparse.boilerplate import mask_boilerplate

    text = (
        "페이스북 트위터 카카오톡 이메일 보내기 프린터\n"
        "새봄텍은 5일(사진=한빛일보) 한빛랩스와 업무협약을 체결했다고 밝혔다.\n"
        "ⓒ 한빛일보 무단전재 및 재배포 금지\n"
    )
    masked = mask_boilerplate(text)
    assert len(masked) == len(text) and masked.count("\n") == 3
    assert "페이스북" not in masked and "사진" not in masked and "ⓒ" not in masked and "새봄텍" in masked
    result = dealparse.load("rules").extract(text, "2026-01-07")
    assert all(text[e.start : e.end] == e.text for e in result.entities)
    assert not [e for e in result.entities if e.text in {"페이스북", "트위터", "한빛일보"}]
    (event,) = result.events
    assert text[event.evidence.start : event.evidence.end] == event.evidence.text or "사진" in event.evidence.text


def test_review_page_tables_events_and_links_their_evidence() -> None:
    from dealparse.render import CJK_FONTS, html_page

    text = "새봄텍은 5일 한빛랩스에 300억원을 투자했다고 밝혔다."
    result = dealparse.load("rules").extract(text, "2026-01-07")
    page = html_page(text, result)
    assert "Noto Sans CJK KR" in CJK_FONTS and CJK_FONTS in page
    assert '<tr id="event-1">' in page and 'href="#evidence-1"' in page and 'id="evidence-1"' in page
    assert "30,000,000,000 KRW" in page and "(investor)" in page and "(investee)" in page
    assert all(f'class="ent {label}"' in page for label in ("ORG", "LOC", "MONEY", "DATE"))


def test_workers_need_an_extractor_they_can_load() -> None:
    from dealparse.extractor import Extractor

    bare = Extractor(dealparse.load("rules").nlp)
    with pytest.raises(DealparseError, match="n_process"):
        list(bare.extract_many(["새봄텍"], n_process=2))
    assert [r.id for r in bare.extract_many([("새봄텍", None, "one")])] == ["one"]


def test_long_texts_are_read_in_windows_with_offsets_into_the_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    import dealparse.extractor as extractor_module
    from dealparse.extractor import windows

    text = "머리말\n" + "새봄텍은 5일 한빛랩스와 업무협약을 체결했다.\n" * 30 + "그린 밸리 파워는 한빛랩스에 300억원을 투자했다.\n"
    cuts = windows(text, 200)
    assert cuts[0][0] == 0 and cuts[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(cuts))
    assert all(end - start <= 200 and text[end - 1] == "\n" for start, end in cuts[:-1])
    whole = dealparse.load("rules").extract(text, "2026-01-07")
    monkeypatch.setattr(extractor_module, "WINDOW_CHARS", 200)
    windowed = dealparse.load("rules").extract(text, "2026-01-07")
    assert [(e.type, sorted(p.name for p in e.participants)) for e in windowed.events] == [
        (e.type, sorted(p.name for p in e.participants)) for e in whole.events
    ]
    for event in windowed.events:
        assert event.evidence is not None and text[event.evidence.start : event.evidence.end] == event.evidence.text
        assert all(text[p.start : p.end] == p.name for p in event.participants if p.start is not None)
    assert all(text[e.start : e.end] == e.text for e in windowed.entities)


def test_review_fixes_keep_text_and_records(tmp_path: object) -> None:
    from pathlib import Path

    from dealparse.boilerplate import mask_boilerplate
    from dealparse.inputs import InputProblem, decode, html_text, read_articles

    # a lone surrogate never comes back in the evidence (it could not be written as UTF-8)
    result = dealparse.load("rules").extract("새봄텍은 \ud800 한빛랩스와 업무협약을 체결했다.", "2026-01-07")
    assert result.events and "\ud800" not in result.model_dump_json()
    # article sentences that mention copyright or a 제작사 in brackets are not page furniture
    for sentence in (
        "한빛저작권협회는 저작권자(작곡가)에게 새봄텍과 업무협약을 체결했다.",
        "웹툰 무단 전재와 불법 재배포를 금지하는 협약을 한빛랩스와 체결했다.",
        "새봄텍은 (영상제작사 한빛랩스)에 500억원을 투자했다.",
        "카카오",
    ):
        assert mask_boilerplate(sentence) == sentence
    # JSONL lines may hold U+2028; an explicit utf-8 drops a BOM; huge numbers are problems
    folder = Path(str(tmp_path))
    lines = folder / "a.jsonl"
    lines.write_bytes(("\ufeff" + '{"id": "x", "text": "가\u2028나"}\n{"id": "y", "text": 1' + "1" * 5000 + "}\n").encode())
    problems: list[InputProblem] = []
    articles = list(read_articles([lines], encoding="utf-8", problems=problems))
    assert [a.id for a in articles] == ["x"] and articles[0].text == "가\u2028나"
    assert [p.where for p in problems] == [f"{lines}:2"]
    assert decode("\ufeff가".encode(), "utf-8") == "가"
    # </head> is optional; an SVG's title is not the page's
    assert html_text("<head><title>제목</title><body><p>본문</p><svg><title>아이콘</title></svg>") == "제목\n본문"
    # an item that is not an article is that item's error, and the rest go on
    outcomes = list(dealparse.load("rules").outcomes([("a", None, "b", "c"), "새봄텍"]))  # type: ignore[list-item]
    assert isinstance(outcomes[0], DealparseError) and not isinstance(outcomes[1], DealparseError)
