"""Annotated events in annotation records: typed validation, span checks, the gold reader's
use of trigger offsets, and old records without offsets. Sentences and names are invented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from dealparse.annotations import AnnotationRecord, read_records, write_records
from dealparse.annotations.check import check_files, check_record
from dealparse.annotations.event_scoring import score_events
from dealparse.annotations.events import AnnotatedEvent, AnnotatedParty, Role
from dealparse.events import Status
from dealparse.tokenizer import blank
from dealparse.training.event_corpus import _locate, read_gold_files

TEXT = "누리캐피탈은 이달 가람로보틱스에 300억원을 투자했다."
TWICE = "가람로보틱스는 지난달 누리캐피탈과 업무협약을 맺었다. 가람로보틱스는 이달 다온바이오와도 업무협약을 맺었다."


def investment(**changes) -> dict:
    event = {
        "type": "investment",
        "status": "confirmed",
        "trigger": "투자했다",
        "trigger_start": 25,
        "trigger_end": 29,
        "participants": [
            {"name": "누리캐피탈", "start": 0, "end": 5, "role": "investor"},
            {"name": "가람로보틱스", "start": 10, "end": 16, "role": "investee"},
        ],
        "investors": ["누리캐피탈"],
        "investee": "가람로보틱스",
        "amount": {"value": 30000000000, "currency": "KRW"},
        "date": "2025-03",
        "round": "시리즈B",
        "evidence": TEXT,
    }
    return {**event, **changes}


def record(events: list[dict], id: str = "e1", text: str = TEXT) -> dict:
    return {"id": id, "text": text, "published": "2025-03-04", "entities": [], "events": events}


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def nlp():
    return blank()


def test_record_with_spans_round_trips_and_is_typed(tmp_path: Path, nlp) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [record([investment()])])
    [(_, loaded)] = list(read_records(source))
    assert loaded.events == [investment()]  # kept as the dict it was given
    assert not check_record(loaded, nlp)

    target = tmp_path / "out.jsonl"
    write_records([loaded], target)
    assert json.loads(target.read_text(encoding="utf-8"))["events"] == [investment()]

    [event] = loaded.annotated_events()
    assert event.status is Status.CONFIRMED and event.type == "investment"
    assert (event.trigger_start, event.trigger_end) == (25, 29) and TEXT[25:29] == event.trigger
    assert [(p.name, p.role) for p in event.parties()] == [
        ("누리캐피탈", Role.INVESTOR),
        ("가람로보틱스", Role.INVESTEE),
    ]
    assert event.date == "2025-03"  # month precision kept
    assert event.model_extra == {"round": "시리즈B"}
    assert event.as_dict() == investment()


def test_a_typed_event_goes_into_a_record_as_its_dict_form() -> None:
    event = AnnotatedEvent(
        type="mou", status=Status.PLANNED, participants=["가람로보틱스", AnnotatedParty(name="다온바이오")]
    )
    built = AnnotationRecord(id="t", text=TWICE, events=[event])
    assert built.events == [
        {"type": "mou", "status": "planned", "participants": ["가람로보틱스", {"name": "다온바이오"}]}
    ]
    assert json.loads(built.model_dump_json())["events"] == built.events


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (
            {"type": "merger"},
            "events.0.type",
            "event type 'merger' is not one of ['datacenter', 'investment', 'mou'",
        ),
        ({"status": "done"}, "events.0.status", "'confirmed', 'planned', 'discussing' or 'negated'"),
        ({"date": "2025-3-4"}, "events.0.date", "is not YYYY-MM-DD, YYYY-MM or YYYY"),
        ({"date": "2025-02-30"}, "events.0.date", "is not a calendar date"),
        ({"amount": {"value": 1, "currency": "won"}}, "events.0.amount.currency", "not an ISO 4217 code"),
        ({"trigger_end": None}, "events.0", "trigger start and end must be given together"),
        ({"trigger_end": 20}, "events.0", "trigger end 20 must be after start 25"),
        (
            {"participants": [{"name": "누리캐피탈", "role": "lender"}]},
            "events.0.participants.0.object.role",
            "'participant'",
        ),
        ({"participants": [{"start": 0, "end": 5}]}, "events.0.participants.0.object.name", "Field required"),
        (
            {"investee": {"name": "가람로보틱스", "role": "investor"}},
            "events.0",
            "investee '가람로보틱스' has role 'investor'",
        ),
    ],
)
def test_bad_events_are_rejected_with_their_place(
    tmp_path: Path, change: dict, where: str, message: str
) -> None:
    path = write_jsonl(tmp_path / "bad.jsonl", [record([investment(**change)])])
    errors: list = []
    assert not list(read_records(path, errors))
    [error] = errors
    assert error.line == 1 and f"{where}: " in error.message and message in error.message, error.message


def test_investment_only_fields_are_rejected_elsewhere() -> None:
    with pytest.raises(ValidationError, match="a mou event has no investee, investor"):
        AnnotatedEvent.model_validate(
            {
                "type": "mou",
                "participants": [{"name": "누리캐피탈", "role": "investor"}],
                "investee": "가람로보틱스",
            }
        )


def test_spans_out_of_the_text_or_saying_something_else_are_reported(tmp_path: Path, nlp) -> None:
    wrong_name = investment()
    wrong_name["participants"] = [
        {"name": "누리캐피탈", "start": 0, "end": 5},
        {"name": "가람로보틱스", "start": 9, "end": 15},
    ]
    path = write_jsonl(
        tmp_path / "spans.jsonl",
        [
            record([investment()], id="ok"),
            record([investment(trigger_start=40, trigger_end=44)], id="range"),
            record([investment(trigger_start=18, trigger_end=23)], id="trigger"),
            record([wrong_name], id="name"),
            record([investment(investee={"name": "가람로보틱스", "start": 10, "end": 99})], id="investee"),
            record(
                [investment(trigger="투자를 단행했다", trigger_start=None, trigger_end=None)], id="phrase"
            ),
            record([investment(evidence="다온바이오는 투자했다.")], id="evidence"),
        ],
    )
    problems = [str(p) for p in check_files([path], nlp)]
    joined = "\n".join(problems)
    assert (
        f"{path}:2: range: event 0 investment trigger [40, 44): ends after the text (30 characters)" in joined
    )
    assert (
        f"{path}:3: trigger: event 0 investment trigger [18, 23) '300억원': differs from the trigger '투자했다'"
        in joined
    )
    assert (
        f"{path}:4: name: event 0 investment participants[1] [9, 15) ' 가람로보틱': differs from the name '가람로보틱스'"
        in joined
    )
    assert f"{path}:5: investee: event 0 investment investee [10, 99): ends after the text" in joined
    assert f"{path}:6: phrase: event 0 investment trigger '투자를 단행했다': not in the text" in joined
    assert (
        f"{path}:7: evidence: event 0 investment evidence '다온바이오는 투자했다.': not in the text" in joined
    )
    assert not [p for p in problems if ":1:" in p] and len(problems) == 6


def test_locate_takes_the_trigger_offset_without_searching() -> None:
    second = TWICE.rindex("업무협약을 맺었다")
    assert second != TWICE.index("업무협약을 맺었다")
    event = {"type": "mou", "trigger": "업무협약을 맺었다"}
    assert _locate(TWICE, event) == (
        TWICE.index("업무협약을 맺었다"),
        "evidence not in text",
    )  # today's search
    located = {**event, "trigger_start": second, "trigger_end": second + len("업무협약을 맺었다")}
    assert _locate(TWICE, located) == (second, None)
    assert _locate(TWICE, {"type": "mou", "trigger_start": second, "trigger_end": second + 3}) == (
        second,
        None,
    )
    assert _locate(TWICE, {**event, "trigger_start": len(TWICE), "trigger_end": len(TWICE) + 2}) == (
        -1,
        "trigger offset outside text",
    )


def test_locate_reads_the_extractors_evidence_object() -> None:
    sentence = TWICE[TWICE.index("가람로보틱스는 이달") :]
    evidence = {"text": sentence, "start": TWICE.index(sentence), "end": len(TWICE)}
    event = {"type": "mou", "trigger": "업무협약을 맺었다", "evidence": evidence}
    assert _locate(TWICE, event) == (TWICE.rindex("업무협약을 맺었다"), None)


def test_old_records_without_spans_still_load_and_score(tmp_path: Path, nlp) -> None:
    old = [
        {
            "type": "mou",
            "participants": ["가람로보틱스", ["누리캐피탈", "누리"]],
            "amount": None,
            "date": "2025-02",
            "location": None,
            "status": "confirmed",
            "evidence": "가람로보틱스는 지난달 누리캐피탈과 업무협약을 맺었다.",
            "trigger": "업무협약을 맺었다",
        },
        {
            "type": "mou",
            "participants": [{"name": "가람로보틱스"}, {"name": "다온바이오"}],
            "location": ["판교", "성남 판교"],
        },
    ]
    path = write_jsonl(
        tmp_path / "old.jsonl", [record(old, id="old", text=TWICE), record([], id="none", text=TEXT)]
    )
    loaded = [r for _, r in read_records(path)]
    assert loaded[0].events == old and loaded[1].events == []
    assert not check_record(loaded[0], nlp)
    assert [e.trigger_start for e in loaded[0].annotated_events()] == [None, None]

    gold = list(read_gold_files([path]))
    assert [g["id"] for g in gold] == ["old", "none"] and gold[0]["events"] == old
    assert _locate(TWICE, old[0]) == (TWICE.index("업무협약을 맺었다"), None)

    predicted = [
        {"type": "mou", "participants": [{"name": "누리"}, {"name": "가람로보틱스"}], "status": "confirmed"}
    ]
    scores = score_events([(loaded[0].events or [], predicted)])
    assert (scores.overall.tp, scores.overall.fn) == (1, 1)
