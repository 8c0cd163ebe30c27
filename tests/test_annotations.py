"""Annotation records, checks, tool interchange, safe writes and event scoring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from dealparse.annotations import AnnotationRecord, read_records, write_records
from dealparse.annotations.check import check_files
from dealparse.annotations.event_scoring import normalize_name, score_events
from dealparse.annotations.interchange import (
    from_doccano,
    from_label_studio,
    import_records,
    to_doccano,
    to_label_studio,
)
from dealparse.annotations.records import AnnotatedEntity
from dealparse.cli import main
from dealparse.tokenizer import blank

DATA = Path(__file__).parent / "data"
TEXT = "오픈AI는 한국산업은행과 업무협약을 맺었다."


def record(id: str = "r1", text: str = TEXT, entities: list[tuple[int, int, str]] | None = None, **extra) -> dict:
    spans = [(0, 4, "ORG"), (6, 12, "ORG")] if entities is None else entities
    return {"id": id, "text": text, "entities": [{"start": s, "end": e, "label": lab} for s, e, lab in spans], **extra}


def write_jsonl(path: Path, rows: list[dict | str]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows))
    return path


@pytest.fixture(scope="module")
def nlp():
    return blank()


def test_record_spans_are_validated() -> None:
    assert AnnotationRecord.model_validate(record()).spans() == ((0, 4, "ORG"), (6, 12, "ORG"))
    with pytest.raises(ValidationError, match="must be after start"):
        AnnotationRecord.model_validate(record(entities=[(5, 5, "ORG")]))
    with pytest.raises(ValidationError, match="event type"):
        AnnotationRecord.model_validate(record(events=[{"type": "merger", "participants": []}]))
    with pytest.raises(ValidationError):
        AnnotationRecord.model_validate({**record(), "unexpected": 1})


def test_malformed_lines_are_reported_with_their_number(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [record("a"), "{not json", record("b", entities=[(3, 1, "ORG")]), record("c")])
    errors: list = []
    ids = [(line, r.id) for line, r in read_records(path, errors)]
    assert ids == [(1, "a"), (4, "c")]
    assert [e.line for e in errors] == [2, 3]
    with pytest.raises(ValueError, match=r"a\.jsonl:2"):
        list(read_records(path))


def test_check_reports_each_problem_with_file_and_line(tmp_path: Path, nlp) -> None:
    path = write_jsonl(
        tmp_path / "bad.jsonl",
        [
            record("ok"),
            record("overlap", entities=[(0, 4, "ORG"), (2, 6, "ORG")]),
            record("range", entities=[(20, 40, "ORG")]),
            record("label", entities=[(0, 4, "COMPANY")]),
            record("ok"),
            record("cut", entities=[(0, 3, "ORG")]),
            record("space", entities=[(5, 12, "ORG")]),
        ],
    )
    problems = [str(p) for p in check_files([path], nlp)]
    joined = "\n".join(problems)
    assert f"{path}:2: overlap: entity [2, 6) ORG" in joined and "overlaps [0, 4)" in joined
    assert f"{path}:3: range: entity [20, 40) ORG: ends after the text" in joined
    assert f"{path}:4: label: entity [0, 4) COMPANY: unknown label" in joined
    assert f"{path}:5: duplicate id 'ok' (first at {path}:1)" in joined
    assert f"{path}:6: cut: entity [0, 3) ORG '오픈A': not on token boundaries; nearest aligned span [0, 4) '오픈AI'" in joined
    assert f"{path}:7: space: entity [5, 12) ORG" in joined and "whitespace" in joined
    assert not [p for p in problems if ":1:" in p]


def test_check_command_exit_status(tmp_path: Path, capsys) -> None:
    good = write_jsonl(tmp_path / "good.jsonl", [record()])
    assert main(["annotations", "check", str(good)]) == 0
    bad = write_jsonl(tmp_path / "bad.jsonl", [record(entities=[(0, 3, "ORG")])])
    assert main(["annotations", "check", str(bad)]) == 1
    assert "bad.jsonl:1:" in capsys.readouterr().out


def test_label_studio_import_takes_the_latest_kept_annotation_never_a_prediction() -> None:
    errors: list = []
    skipped: list = []
    records = {r.id: r for r in import_records(DATA / "label_studio_export.json", "label-studio", errors, skipped)}
    assert not errors
    assert sorted(records) == ["ls-1", "ls-2", "ls-3"]  # ls-3's predictions are integer ids, as exported
    assert [str(s).split(": ", 1)[1] for s in skipped] == [
        "task 4: not annotated (predictions are not gold)",
        "task 5: skipped",
    ]
    first = records["ls-1"]
    assert [first.text[s:e] for s, e, _ in first.spans()] == ["네이버클라우드", "지난 3일", "리벨리온"]
    assert records["ls-2"].events and records["ls-2"].events[0]["amount"]["value"] == 50000000000
    assert [label for *_, label in records["ls-3"].spans()] == ["ORG", "LOC", "QUANTITY"]


@pytest.mark.parametrize(
    ("to_tool", "from_tool"), [(to_label_studio, from_label_studio), (to_doccano, from_doccano)], ids=["label-studio", "doccano"]
)
def test_round_trip_is_lossless(to_tool, from_tool) -> None:
    original = AnnotationRecord.model_validate(
        record(
            source="test",
            published="2024-11-27",
            events=[{"type": "mou", "participants": [{"name": "오픈AI"}, {"name": "한국산업은행"}], "status": "confirmed"}],
        )
    )
    exported = json.loads(json.dumps(to_tool(original), ensure_ascii=False))
    if to_tool is to_label_studio:  # a person accepts the pre-annotation: it becomes the annotation
        exported["annotations"] = [{"id": 1, "result": exported["predictions"][0]["result"]}]
    assert from_tool(exported) == original


def test_label_studio_region_text_must_match_the_task_text() -> None:
    task = to_label_studio(AnnotationRecord.model_validate(record()))
    task["annotations"] = [{"result": task["predictions"][0]["result"]}]
    task["annotations"][0]["result"][0]["value"]["text"] = "다른 글"
    with pytest.raises(ValueError, match="is not the text at"):
        from_label_studio(task)


def test_doccano_relation_format_is_read() -> None:
    line = {"id": 7, "text": TEXT, "entities": [{"id": 1, "label": "ORG", "start_offset": 0, "end_offset": 4}], "relations": []}
    assert from_doccano(line).spans() == ((0, 4, "ORG"),)


def test_commands_never_overwrite_their_input(tmp_path: Path, capsys) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [record()])
    before = path.read_text()
    assert main(["annotations", "export", str(path), "--to", "doccano", "-o", str(path)]) == 2
    assert "is an input" in capsys.readouterr().err
    other = tmp_path / "b.jsonl"
    other.write_text("keep")
    assert main(["annotations", "export", str(path), "--to", "doccano", "-o", str(other)]) == 2
    assert other.read_text() == "keep" and path.read_text() == before


def test_writes_are_atomic_and_leave_no_temporary_files(tmp_path: Path) -> None:
    records = [AnnotationRecord.model_validate(record(str(i))) for i in range(3)]
    target = tmp_path / "out.jsonl"
    assert write_records(records, target) == 3
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
    assert [r.id for _, r in read_records(target)] == ["0", "1", "2"]


def test_event_scoring_follows_the_schema_rules() -> None:
    gold = [
        {"type": "mou", "participants": [["오픈AI", "OpenAI"], "한국산업은행"], "date": "2024-11", "status": "confirmed"},
        {"type": "investment", "participants": ["소프트뱅크", "오픈AI"], "amount": {"value": 25000000000, "currency": "USD"}},
    ]
    predicted = [
        {"type": "mou", "participants": [{"name": "OpenAI"}, {"name": "한국산업은행과"}], "date": "2024-11-26", "status": "planned"},
        {"type": "investment", "participants": [{"name": "소프트뱅크"}], "amount": {"value": 25100000000, "currency": "USD"}},
        {"type": "partnership", "participants": [{"name": "네이버"}, {"name": "카카오"}]},
    ]
    scores = score_events([(gold, predicted)])
    assert (scores.overall.tp, scores.overall.fp, scores.overall.fn) == (2, 1, 0)
    assert scores.slots == {"amount": [1, 1], "date": [1, 1], "location": [0, 0], "status": [0, 1], "capacity_mw": [0, 0]}
    assert normalize_name("(주) Open AI") == "openai"


def test_annotations_do_not_depend_on_training() -> None:
    """One direction: training reads annotations; annotations never import training."""
    import dealparse.annotations

    folder = Path(dealparse.annotations.__file__).parent
    importing = [p.name for p in folder.glob("*.py") if "dealparse.training" in p.read_text(encoding="utf-8")]
    assert importing == []


def _ls_record() -> AnnotationRecord:
    text = "새봄텍은 5일 한빛랩스에 300억원을 투자했다고 밝혔다."
    event = {
        "type": "investment",
        "status": "confirmed",
        "trigger": "투자했다",
        "trigger_start": text.index("투자했다"),
        "trigger_end": text.index("투자했다") + 4,
        "participants": [{"name": "새봄텍", "start": 0, "end": 3}, {"name": "한빛랩스", "start": 8, "end": 12}],
        "investors": [{"name": "새봄텍", "start": 0, "end": 3}],
        "investee": {"name": "한빛랩스", "start": 8, "end": 12},
        "amount": {"value": 30000000000, "currency": "KRW"},
        "date": "2026-01-05",
    }
    entities = [AnnotatedEntity(start=0, end=3, label="ORG"), AnnotatedEntity(start=8, end=12, label="ORG")]
    return AnnotationRecord(id="r1", text=text, entities=entities, events=[event])


def test_label_studio_events_are_regions_relations_and_choices() -> None:
    from dealparse.annotations.interchange import LABEL_STUDIO_CONFIG

    record = _ls_record()
    result = to_label_studio(record)["predictions"][0]["result"]
    trigger = next(r for r in result if r["from_name"] == "trigger")
    assert trigger["value"]["text"] == "투자했다" and trigger["value"]["labels"] == ["investment"]
    assert next(r for r in result if r["from_name"] == "status")["value"]["choices"] == ["confirmed"]
    roles = sorted(r["labels"][0] for r in result if r["type"] == "relation")
    assert roles == ["investee", "investor"]
    assert '<Relation value="investor"/>' in LABEL_STUDIO_CONFIG and 'perRegion="true"' in LABEL_STUDIO_CONFIG


def test_label_studio_event_edits_come_back_into_the_record() -> None:
    record = _ls_record()
    task = json.loads(json.dumps(to_label_studio(record), ensure_ascii=False))
    result = task["predictions"][0]["result"]
    next(r for r in result if r["from_name"] == "status")["value"]["choices"] = ["planned"]
    result[:] = [r for r in result if not (r["type"] == "relation" and r["labels"] == ["investor"])]
    task["annotations"] = [{"id": 1, "result": result}]
    (event,) = from_label_studio(task).events or []
    assert event["status"] == "planned" and event["amount"]["value"] == 30000000000  # other values kept
    assert [p["name"] for p in event["participants"]] == ["한빛랩스"] and event["investors"] == []
    assert event["investee"]["name"] == "한빛랩스" and event["trigger"] == "투자했다"


@pytest.mark.parametrize("tool", ["label-studio", "doccano"])
def test_event_records_round_trip_through_the_tools(tool: str) -> None:
    record = _ls_record()
    if tool == "label-studio":
        task = json.loads(json.dumps(to_label_studio(record), ensure_ascii=False))
        task["annotations"] = [{"id": 1, "result": task["predictions"][0]["result"]}]
        assert from_label_studio(task) == record
    else:
        line = json.loads(json.dumps(to_doccano(record), ensure_ascii=False))
        assert {e["label"] for e in line["entities"]} == {"ORG", "investment"}
        assert sorted(r["type"] for r in line["relations"]) == ["investee", "investor"]
        assert from_doccano(line) == record
        line["relations"] = [r for r in line["relations"] if r["type"] == "investee"]
        (event,) = from_doccano(line).events or []
        assert event["investors"] == [] and event["status"] == "confirmed" and event["amount"]["value"] == 30000000000


def test_doccano_renumbered_ids_still_find_their_events() -> None:
    record = _ls_record()
    line = json.loads(json.dumps(to_doccano(record), ensure_ascii=False))
    for entity in line["entities"]:  # doccano exports its own database ids
        entity["id"] += 100
    for relation in line["relations"]:
        relation["from_id"] += 100
        relation["to_id"] += 100
    assert from_doccano(line) == record


def _edited(task: dict, change) -> dict:
    """The task as a person saved it after ``change`` edited its pre-annotation."""
    task = json.loads(json.dumps(task, ensure_ascii=False))
    result = task["predictions"][0]["result"]
    change(result)
    task["annotations"] = [{"id": 1, "result": result}]
    return task


def _set_status(status: str):
    def change(result: list[dict]) -> None:
        for region in result:
            if region.get("from_name") == "status":
                region["value"]["choices"] = [status]

    return change


def test_edits_keep_unshown_parties_and_canonical_names() -> None:
    record = _ls_record()
    event = record.events[0]
    event["participants"][0]["canonical"] = "새봄테크놀로지"
    event["investee"]["canonical"] = "한빛랩스주식회사"
    event["participants"].append({"name": "공동투자사"})  # named in the text only by a pronoun: no offsets
    event["investors"].append({"name": "공동투자사"})
    (edited,) = from_label_studio(_edited(to_label_studio(record), _set_status("planned"))).events or []
    assert edited["status"] == "planned"
    assert {p["name"] for p in edited["participants"]} == {"새봄텍", "한빛랩스", "공동투자사"}
    assert [p["name"] for p in edited["investors"]] == ["새봄텍", "공동투자사"]
    assert edited["investors"][0]["canonical"] == "새봄테크놀로지"  # given on its participant dict only
    assert edited["participants"][1]["canonical"] == "한빛랩스주식회사"  # given on its investee dict only


@pytest.mark.parametrize("tool", ["label-studio", "doccano"])
def test_a_party_that_is_not_an_entity_does_not_come_back_as_one(tool: str) -> None:
    record = _ls_record()
    record = record.model_copy(update={"entities": record.entities[:1]})  # 한빛랩스 is a party only
    if tool == "label-studio":
        task = to_label_studio(record)
        assert task["data"]["party_regions"] == [[8, 12]]
        back = from_label_studio(_edited(task, _set_status("confirmed")))
    else:
        back = from_doccano(json.loads(json.dumps(to_doccano(record), ensure_ascii=False)))
    assert back.spans() == ((0, 3, "ORG"),)
    assert back.events == record.events


def test_events_keep_their_order_when_some_have_no_span() -> None:
    record = _ls_record()
    spanless = {"type": "mou", "status": "planned", "participants": [{"name": "새봄텍"}, {"name": "한빛랩스"}]}
    events = [spanless, record.events[0], {**spanless, "type": "partnership"}]
    record = record.model_copy(update={"events": events})
    back = from_label_studio(_edited(to_label_studio(record), _set_status("discussing"))).events or []
    assert [e["type"] for e in back] == ["mou", "investment", "partnership"]
    assert back[1]["status"] == "discussing" and back[0] == spanless


def test_a_deleted_trigger_region_drops_its_event_and_a_new_one_is_added() -> None:
    record = _ls_record()

    def change(result: list[dict]) -> None:
        trigger = next(r for r in result if r.get("from_name") == "trigger")
        result[:] = [r for r in result if r.get("id") != trigger["id"] and r.get("from_id") != trigger["id"]]
        value = {"start": 13, "end": 17, "text": record.text[13:17], "labels": ["mou"]}
        result.append({"id": "new1", "from_name": "trigger", "to_name": "text", "type": "labels", "value": value})
        result.append({"from_id": "new1", "to_id": "r1-0", "type": "relation", "labels": ["participant"]})

    (event,) = from_label_studio(_edited(to_label_studio(record), change)).events or []
    assert event["type"] == "mou" and event["trigger"] == record.text[13:17]
    assert event["participants"] == [{"name": "새봄텍", "start": 0, "end": 3, "role": "participant"}]
