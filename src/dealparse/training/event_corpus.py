"""Gold event files as training examples aligned to the pipeline's sentences and mentions.

A gold file (``../shared/eval/SCHEMA.md``; deal-news adds a ``trigger`` phrase per event)
is read, its text run through the pipeline up to the entity stage, and each event tied to
the sentence that holds its trigger (else its evidence) and to the organization mentions
whose names match its participants. What does not align is counted in
:class:`AlignmentReport`, never dropped silently.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from spacy.language import Language
from spacy.tokens import Doc

from dealparse.annotations.event_scoring import participants
from dealparse.annotations.events import AnnotatedEvent
from dealparse.boilerplate import mask_boilerplate
from dealparse.dates import coerce_published
from dealparse.errors import InvalidInputError
from dealparse.pipes.context import DocContext
from dealparse.pipes.examples import EventExample, GoldEvent, matches

EVENT_STAGES = ("events", "merge", "triggers", "arguments", "status", "values", "coref")
"""Pipeline components that find events; the reader stops before them."""


@dataclass
class AlignmentReport:
    """How many gold events and parties found their place in the documents."""

    documents: int = 0
    events: int = 0
    problems: Counter[str] = field(default_factory=Counter)
    parties: int = 0
    parties_found: int = 0

    def summary(self) -> str:
        found = f"{self.parties_found}/{self.parties}" if self.parties else "0/0"
        lines = [f"{self.documents} documents, {self.events} events; parties matched to mentions: {found}"]
        lines += [f"  {name}: {count}" for name, count in sorted(self.problems.items())]
        return "\n".join(lines)


def _annotated_events(file: Path) -> Iterator[dict[str, Any]]:
    """The records of an annotation file (``annotations/``) that carry events."""
    from dealparse.annotations.store import LineError, read_records

    errors: list[LineError] = []
    records = [record for _, record in read_records(file, errors)]
    if errors:
        raise InvalidInputError(f"{file}: {len(errors)} malformed line(s), first: {errors[0]}")
    for record in records:
        if record.events is not None:
            yield {
                "id": record.id,
                "text": record.text,
                "published": record.published,
                "events": record.events,
            }


def read_gold_files(paths: Iterable[Path]) -> Iterator[dict[str, Any]]:
    """Gold records from ``*.json`` gold files, annotation ``*.jsonl`` files (the records
    with events), and folders of them, sorted by path."""
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in {".json", ".jsonl"}))
        elif path.is_file():
            files.append(path)
        else:
            raise InvalidInputError(f"{path}: no such file or folder")
    for file in files:
        if file.suffix == ".jsonl":
            yield from _annotated_events(file)
            continue
        try:
            record = json.loads(file.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise InvalidInputError(f"{file}: not a UTF-8 JSON gold file ({err})") from err
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise InvalidInputError(f"{file}: a gold file needs a 'text' string")
        _check_events(file, record.get("events"))
        record.setdefault("id", file.stem)
        yield record


def _check_events(file: Path, events: object) -> None:
    """Gold events must be a list of valid annotated events (type, status, values)."""
    if events is None:
        return
    if not isinstance(events, list):
        raise InvalidInputError(f"{file}: 'events' must be a list")
    for i, event in enumerate(events):
        try:
            AnnotatedEvent.model_validate(event)
        except ValidationError as err:
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors())
            raise InvalidInputError(f"{file}: event {i}: {problems}") from err


def preprocess(nlp: Language, text: str, published: str | None) -> Doc:
    """``text`` (page furniture blanked, as :class:`~dealparse.extractor.Extractor` does)
    through the pipeline's components up to (not including) the event stage."""
    doc = nlp.make_doc(mask_boilerplate(text))
    doc._.published = coerce_published(published)
    for name, component in nlp.pipeline:
        if name in EVENT_STAGES:
            break
        doc = component(doc)
    return doc


def _locate(text: str, event: dict[str, Any]) -> tuple[int, str | None]:
    """The offset of the event's trigger (else its evidence) and the problem, if any.

    An annotated ``trigger_start`` offset is taken as it is; without one the trigger phrase
    is searched for, first inside the evidence sentence. Evidence may be the sentence or the
    extractor's ``{"text", "start", "end"}`` object."""
    offset = event.get("trigger_start")
    if isinstance(offset, int) and not isinstance(offset, bool):
        return (offset, None) if 0 <= offset < len(text) else (-1, "trigger offset outside text")
    evidence = event.get("evidence") or ""
    given = evidence.get("start") if isinstance(evidence, dict) else None
    if isinstance(evidence, dict):
        evidence = str(evidence.get("text") or "")
    if evidence and isinstance(given, int) and given >= 0 and text[given : given + len(evidence)] == evidence:
        start = given
    else:
        start = text.find(evidence) if evidence else -1
    trigger = event.get("trigger") or ""
    if trigger:
        at = text.find(trigger, max(start, 0))
        if at >= 0 and (start < 0 or at + len(trigger) <= start + len(evidence)):
            return at, None if start >= 0 else "evidence not in text"
        at = text.find(trigger)
        if at >= 0:
            return at, "trigger outside its evidence"
    if start >= 0:
        return start, "no trigger" if not trigger else "trigger not in text"
    return -1, "evidence not in text"


def align(doc: Doc, record: dict[str, Any], report: AlignmentReport) -> EventExample:
    """Tie each gold event of ``record`` to a sentence of ``doc`` and count what fails."""
    ctx = DocContext.of(doc)
    events: list[GoldEvent] = []
    report.documents += 1
    for raw in record.get("events") or []:
        report.events += 1
        at, problem = _locate(doc.text, raw)
        if problem:
            report.problems[problem] += 1
        if at < 0:
            continue
        parties = participants(raw)
        report.parties += len(parties)
        report.parties_found += sum(any(matches(m, p) for m in ctx.orgs) for p in parties)
        investors = [g for item in raw.get("investors") or [] for g in participants({"participants": [item]})]
        investee = participants({"participants": [raw["investee"]]}) if raw.get("investee") else []
        events.append(
            GoldEvent(
                type=raw["type"],
                sentence=ctx.sentence_index(at),
                parties=parties,
                investors=investors,
                investee=investee[0] if investee else None,
                status=raw.get("status") or "confirmed",
                raw=raw,
            )
        )
    return EventExample(str(record["id"]), doc, events, list(record.get("events") or []))


def load_examples(
    nlp: Language, records: Iterable[dict[str, Any]], report: AlignmentReport | None = None
) -> list[EventExample]:
    """Preprocess and align gold records; ``report`` collects the alignment counts."""
    report = report if report is not None else AlignmentReport()
    return [align(preprocess(nlp, r["text"], r.get("published")), r, report) for r in records]
