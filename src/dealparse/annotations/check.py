"""Checks of annotation files: every problem with its file and line.

Reported: lines that are not valid records, duplicate ids, unknown labels, spans out of
range or overlapping, spans with surrounding whitespace, and spans that do not fall on the
Kiwi tokenizer's token boundaries (with the nearest span that does).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from dealparse.annotations.records import ENTITY_LABELS, AnnotationRecord
from dealparse.annotations.store import LineError, read_records


def check_record(record: AnnotationRecord, nlp: Language) -> list[str]:
    """The problems of one record, as messages."""
    problems: list[str] = []
    text = record.text
    doc = nlp.make_doc(text)
    previous: tuple[int, int, str] | None = None
    for start, end, label in record.spans():
        where = f"entity [{start}, {end}) {label}"
        if label not in ENTITY_LABELS:
            problems.append(f"{where}: unknown label (known: {', '.join(sorted(ENTITY_LABELS))})")
        if end > len(text):
            problems.append(f"{where}: ends after the text ({len(text)} characters)")
            continue
        surface = text[start:end]
        if surface != surface.strip() or not surface.strip():
            problems.append(f"{where}: {surface!r} starts or ends with whitespace")
        if previous is not None and start < previous[1]:
            problems.append(f"{where} {surface!r}: overlaps [{previous[0]}, {previous[1]}) {previous[2]}")
        previous = (start, end, label)
        if doc.char_span(start, end) is None:
            near = _nearest_aligned(doc, start, end)
            hint = f"; nearest aligned span [{near.start_char}, {near.end_char}) {near.text!r}" if near else ""
            problems.append(f"{where} {surface!r}: not on token boundaries{hint}")
    return problems


def _nearest_aligned(doc: Doc, start: int, end: int) -> Span | None:
    """The aligned span whose boundaries move least (ties: the larger one)."""
    options = [doc.char_span(start, end, alignment_mode=mode) for mode in ("expand", "contract")]
    spans = [s for s in options if s is not None and len(s)]
    return min(spans, key=lambda s: abs(s.start_char - start) + abs(s.end_char - end)) if spans else None


def check_files(paths: Iterable[Path], nlp: Language) -> list[LineError]:
    """All problems in the given JSONL files (duplicate ids are checked across files)."""
    problems: list[LineError] = []
    seen: dict[str, tuple[Path, int]] = {}
    for path in paths:
        for line, record in read_records(path, problems):
            if record.id in seen:
                first_path, first_line = seen[record.id]
                problems.append(LineError(path, line, f"duplicate id {record.id!r} (first at {first_path}:{first_line})"))
            else:
                seen[record.id] = (path, line)
            problems.extend(LineError(path, line, f"{record.id}: {message}") for message in check_record(record, nlp))
    return sorted(problems, key=lambda p: (str(p.path), p.line))


def annotation_files(paths: Iterable[Path]) -> list[Path]:
    """The ``.jsonl`` files among ``paths`` (directories are searched recursively)."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.rglob("*.jsonl")) if path.is_dir() else [path])
    return files
