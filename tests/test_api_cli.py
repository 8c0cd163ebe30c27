"""Public API contracts, bad input, and the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import dealparse
from dealparse.cli import main

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SHARED_EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
MOU_TEXT = "네이버는 지난 18일 한국산업은행과 AI 생태계 조성을 위한 업무협약을 체결했다."


def test_load_returns_one_reusable_extractor() -> None:
    extractor = dealparse.load()
    assert extractor is dealparse.load()
    names = [name for name, _ in extractor.nlp.pipeline]
    assert [n for n in names if n not in {"tok2vec", "ner"}] == [
        "sentences",
        "entities",
        "triggers",
        "arguments",
        "status",
        "values",
        "coref",
    ]
    assert dealparse.load("rules").nlp.pipe_names == ["sentences", "entities", "events", "merge"]


@pytest.mark.parametrize("text", ["", "   \n\t", "No Korean text here at all.", "12345 $$$"])
def test_empty_or_non_korean_text_gives_empty_result(text: str) -> None:
    result = dealparse.extract(text)
    assert result.events == [] and result.entities == []


@pytest.mark.parametrize("bad", [None, 42, b"bytes", ["list"]])
def test_non_string_text_is_a_typed_error(bad: object) -> None:
    with pytest.raises(dealparse.InvalidInputError, match="str"):
        dealparse.extract(bad)  # type: ignore[arg-type]


def test_text_over_the_length_setting_is_refused_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    import dealparse.extractor

    monkeypatch.setattr(dealparse.extractor, "MAX_CHARS", 1_000)
    with pytest.raises(dealparse.InvalidInputError, match="limit"):
        dealparse.extract("가" * 1_001)


@pytest.mark.parametrize("bad", ["yesterday", "2024-02-30", 3.5])
def test_invalid_published_is_a_typed_error(bad: object) -> None:
    with pytest.raises(dealparse.InvalidInputError):
        dealparse.extract(MOU_TEXT, published=bad)  # type: ignore[arg-type]


def test_result_entities_and_published() -> None:
    result = dealparse.extract(MOU_TEXT, published="2025-03-20")
    assert result.published is not None and result.published.iso == "2025-03-20"
    labels = {(e.text, e.label) for e in result.entities}
    assert ("네이버", "ORG") in labels and ("한국산업은행", "ORG") in labels
    assert ("지난 18일", "DATE") in labels
    for e in result.entities:
        assert MOU_TEXT[e.start : e.end] == e.text


def test_extract_many_matches_extract_and_keeps_order() -> None:
    texts = [MOU_TEXT, "", "영어만 없는 문장.", (MOU_TEXT, "2025-03-20")]
    results = list(dealparse.extract_many(texts, published="2025-03-25", batch_size=2))
    assert len(results) == 4
    assert results[1].events == []
    first = dealparse.extract(MOU_TEXT, published="2025-03-25")
    assert [e.model_dump() for e in results[0].events] == [e.model_dump() for e in first.events]
    assert results[3].events[0].date is not None and results[3].events[0].date.iso == "2025-03-18"


def test_cli_extract_writes_scorer_jsonl(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    seed = next(SEEDS.glob("003_*.txt"))
    assert main(["extract", str(seed), "--output", str(out), "--published", "2024-11-27"]) == 0
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["id"] == seed.stem
    assert record["events"]
    event = record["events"][0]
    assert {"type", "participants", "status", "evidence"} <= set(event)
    assert all("name" in p for p in event["participants"])


def test_cli_reads_jsonl_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = tmp_path / "in.jsonl"
    records.write_text(
        json.dumps({"id": "a", "text": MOU_TEXT, "published": "2025-03-20"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    assert main(["extract", str(records)]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    record = json.loads(line)
    assert record["id"] == "a" and record["events"][0]["type"] == "mou"
    assert record["events"][0]["date"]["iso"] == "2025-03-18"


def test_cli_reports_malformed_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    assert main(["extract", str(bad)]) == 1
    assert "bad.jsonl:1" in capsys.readouterr().err


def test_cli_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "does-not-exist.txt"]) == 1
    assert "no such file" in capsys.readouterr().err


def test_cli_show_and_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = next(SEEDS.glob("003_*.txt"))
    page = tmp_path / "review.html"
    assert main(["show", str(seed), "--html", str(page)]) == 0
    table = capsys.readouterr().out
    assert "mou" in table and "오픈AI" in table
    html = page.read_text(encoding="utf-8")
    assert '<mark class="ent ORG"' in html and 'class="evidence"' in html


def test_cli_schema_is_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "MOU" in schema["$defs"]


def test_console_script_runs() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "dealparse.cli", "schema"], capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout)["title"] == "ExtractionResult"


@pytest.mark.skipif(not SHARED_EVAL.is_dir(), reason="../shared/eval is not beside this checkout")
def test_dev_set_scores_above_floor(tmp_path: Path) -> None:
    """A regression floor on the evaluation set (the target and figures live in the closing note)."""
    preds = tmp_path / "pred.jsonl"
    assert main(["extract", str(SHARED_EVAL / "dev"), "--output", str(preds)]) == 0
    out = subprocess.run(
        [sys.executable, str(SHARED_EVAL / "score.py"), str(SHARED_EVAL / "dev"), str(preds), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout)["events"]["f1"] >= 0.6
