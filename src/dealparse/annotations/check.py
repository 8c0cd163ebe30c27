"""Checks of annotation files: every problem with its file and line.

Reported: lines that are not valid records, duplicate ids, unknown labels, spans out of
range or overlapping, spans with surrounding whitespace, and spans that do not fall on the
Kiwi tokenizer's token boundaries (with the nearest span that does). For events: trigger,
party and value spans out of range or whose text differs from the stated trigger, name or
text, a trigger or evidence phrase without offsets that the text does not contain, a trigger
that crosses a sentence end or lies outside its evidence, a party span that is not an ``ORG``
entity of the record (when it has entities), an investor or investee role outside an
investment, and an amount whose text does not read as its value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from dealparse.annotations.events import AnnotatedEvent, Role
from dealparse.annotations.records import ENTITY_LABELS, AnnotationRecord
from dealparse.annotations.store import LineError, read_records
from dealparse.money import parse_money


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
    orgs = {(s, e) for s, e, label in record.spans() if label == "ORG"}
    for index, event in enumerate(record.annotated_events()):
        where = f"event {index} {event.type}"
        problems.extend(_event_problems(text, where, event))
        problems.extend(_event_meaning(text, where, event, orgs))
    return problems


_SENTENCE_END = re.compile(r"[.?!。]\s|\n")


def _event_meaning(text: str, where: str, event: AnnotatedEvent, orgs: set[tuple[int, int]]) -> list[str]:
    """What an event's spans and values say: a trigger in one sentence and in its evidence,
    parties that are organizations, roles the type allows, amounts that read as stated."""
    problems: list[str] = []
    start, end = event.trigger_start, event.trigger_end
    if start is not None and end is not None and end <= len(text):
        if _SENTENCE_END.search(text[start : end - 1]):
            problems.append(f"{where} trigger [{start}, {end}): crosses a sentence end")
        evidence = event.evidence
        located = not isinstance(evidence, str | list | type(None)) and evidence.start is not None
        if located and not (evidence.start <= start and end <= (evidence.end or 0)):
            problems.append(f"{where} trigger [{start}, {end}): outside the evidence")
    for place, party in event.located_parties():
        if orgs and (party.start, party.end) not in orgs:
            problems.append(f"{where} {place} [{party.start}, {party.end}) {party.name!r}: not an ORG entity")
        if party.role in {Role.INVESTOR, Role.INVESTEE} and event.type != "investment":
            problems.append(f"{where} {place}: role {party.role.value} is only for investments")
    if event.type != "investment" and (event.investors or event.investee):
        problems.append(f"{where}: investors and investee are only for investments")
    amount = event.amount
    if amount is not None and amount.text:
        read = parse_money(amount.text)
        if read is None or (read.value, read.currency) != (amount.value, amount.currency):
            problems.append(f"{where} amount {amount.text!r}: does not read as {amount.value} {amount.currency}")
    return problems


def _event_problems(text: str, where: str, event: AnnotatedEvent) -> list[str]:
    """Spans of one event against the text: in range, and saying what the event says."""
    spans: list[tuple[str, int | None, int | None, str | None, str]] = [
        ("trigger", event.trigger_start, event.trigger_end, event.trigger, "the trigger")
    ]
    spans += [(place, p.start, p.end, p.name, "the name") for place, p in event.located_parties()]
    for slot in ("amount", "amount_alt", "date", "location", "evidence"):
        value = getattr(event, slot)
        if value is not None and not isinstance(value, str | list):
            spans.append((slot, value.start, value.end, value.text, "its text"))
    problems: list[str] = []
    for name, start, end, stated, what in spans:
        if start is None or end is None:
            continue
        at = f"{where} {name} [{start}, {end})"
        if end > len(text):
            problems.append(f"{at}: ends after the text ({len(text)} characters)")
        elif stated is not None and text[start:end] != stated:
            problems.append(f"{at} {text[start:end]!r}: differs from {what} {stated!r}")
    if event.trigger and event.trigger_start is None and event.trigger not in text:
        problems.append(f"{where} trigger {event.trigger!r}: not in the text")
    if isinstance(event.evidence, str) and event.evidence and event.evidence not in text:
        problems.append(f"{where} evidence {_short(event.evidence)!r}: not in the text")
    return problems


def _short(phrase: str, limit: int = 30) -> str:
    return phrase if len(phrase) <= limit else phrase[: limit - 1] + "…"


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
