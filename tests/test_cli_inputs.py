"""The command line never loses data and reads every input it can (issue 17): outputs are
written whole or not at all, never over an input or an existing file without ``--force``;
bad files and lines are reported as ``file:line`` while the rest is still processed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dealparse.cli import main
from dealparse.inputs import InputProblem, decode, html_text, read_articles

MOU = "새봄텍은 5일 한빛랩스와 업무협약을 체결했다고 밝혔다."


def _ids(output: Path) -> list[str]:
    return [json.loads(line)["id"] for line in output.read_text(encoding="utf-8").splitlines()]


def test_extract_refuses_an_existing_output_and_an_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.txt"
    article.write_text(MOU, encoding="utf-8")
    existing = tmp_path / "out.jsonl"
    existing.write_text("keep\n", encoding="utf-8")
    assert main(["extract", str(article), "-o", str(existing)]) == 2
    assert existing.read_text(encoding="utf-8") == "keep\n"
    assert main(["extract", str(article), "-o", str(article), "--force"]) == 2
    assert article.read_text(encoding="utf-8") == MOU
    assert main(["extract", str(article), "-o", str(tmp_path / "no-such-folder" / "x.jsonl")]) == 2
    assert "not a folder" in capsys.readouterr().err
    assert main(["extract", str(article), "-o", str(existing), "--force"]) == 0
    assert _ids(existing) == ["a"]


def test_a_crash_midway_leaves_the_old_output_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dealparse.extractor

    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(MOU, encoding="utf-8")
    output = tmp_path / "out.jsonl"
    output.write_text("old\n", encoding="utf-8")
    original = dealparse.extractor._result
    calls = []

    def failing(*args: object) -> object:
        calls.append(args)
        if len(calls) == 2:
            raise RuntimeError("a bug")
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(dealparse.extractor, "_result", failing)
    with pytest.raises(RuntimeError):
        main(["extract", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", str(output), "--force"])
    assert output.read_text(encoding="utf-8") == "old\n"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.jsonl")]


def test_show_and_schema_do_not_overwrite(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(MOU, encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text("mine", encoding="utf-8")
    assert main(["show", str(article), "--html", str(page)]) == 2
    assert main(["schema", "-o", str(page)]) == 2
    assert page.read_text(encoding="utf-8") == "mine"
    assert main(["schema", "-o", str(page), "--force"]) == 0 and "properties" in page.read_text(encoding="utf-8")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert main(["show", str(empty)]) == 2


def test_a_folder_is_read_whole_whatever_the_encoding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    (folder / "x").mkdir(parents=True)
    (folder / "y").mkdir()
    (folder / "x" / "same.txt").write_text(MOU, encoding="utf-8")
    (folder / "y" / "same.TXT").write_bytes(MOU.encode("cp949"))
    (folder / "bom.txt").write_bytes(MOU.encode("utf-8-sig"))
    (folder / "wide.txt").write_text(MOU, encoding="utf-16")
    (folder / "page.HTML").write_text(f"<html><style>p {{color: red}}</style><p>{MOU}</p></html>", encoding="utf-8")
    records = [{"id": "ok", "text": MOU}, "not json", {"id": "bad-date", "text": MOU, "published": "13월"}]
    lines = [json.dumps(r, ensure_ascii=False) if isinstance(r, dict) else r for r in records]
    (folder / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = tmp_path / "out.jsonl"
    assert main(["extract", str(folder), "-o", str(output)]) == 1
    err = capsys.readouterr().err
    assert "batch.jsonl:2" in err and "batch.jsonl:3" in err and "2 input problem(s)" in err
    assert sorted(_ids(output)) == ["bom", "ok", "page", "wide", "x/same", "y/same"]
    events = {json.loads(line)["id"]: json.loads(line)["events"] for line in output.read_text().splitlines()}
    assert all(len(found) == 1 for found in events.values())


def test_decode_names_the_encoding_to_pass() -> None:
    assert decode(MOU.encode("euc-kr")) == MOU
    with pytest.raises(Exception, match="--encoding"):
        decode(b"\xff\xfe\x00", "utf-8")


def test_html_text_keeps_the_words_not_the_code() -> None:
    page = "<html><head><title>제목</title><script>var color = 1;</script></head><body><p>본문 &amp; 끝</p></body></html>"
    assert html_text(page) == "제목\n본문 & 끝"


def test_read_articles_collects_problems_or_raises(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    problems: list[InputProblem] = []
    assert list(read_articles([missing], problems=problems)) == []
    assert [str(p) for p in problems] == [f"{missing}: no such file or directory"]
    with pytest.raises(Exception, match="no such file"):
        list(read_articles([missing]))


def test_jobs_give_the_same_records_in_order(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    texts = [MOU, "새봄텍은 한빛랩스에 300억원을 투자했다.", "날씨가 맑다.", "그린 밸리 파워가 서울에 데이터센터를 짓는다."]
    for index, text in enumerate(texts):
        (folder / f"{index}.txt").write_text(text, encoding="utf-8")
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["extract", str(folder), "--model", "rules", "-o", str(one)]) == 0
    assert main(["extract", str(folder), "--model", "rules", "--jobs", "2", "-o", str(two)]) == 0
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")
    assert _ids(two) == ["0", "1", "2", "3"]
