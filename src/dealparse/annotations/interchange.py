"""Label Studio and doccano formats to and from annotation records, without loss.

Label Studio: tasks ``{"data": {"text", "id", "source", "published", "events"}, "predictions":
[{"result": [...]}]}``; importing reads an export's latest non-cancelled annotation (a
person's work): tasks skipped or never annotated are reported, never taken as gold from their
predictions, and each region's ``value.text`` must be the task text at its offsets. Entities are ``labels`` regions (``from_name`` "label", ``to_name`` "text").
Events travel in ``data.events`` unchanged: Label Studio shows and keeps them, and a person
corrects them in the JSON.

doccano (sequence labelling JSONL): ``{"id", "text", "label": [[start, end, label], ...]}``
plus the other record fields as metadata; the relation-task form with ``entities``
(``start_offset``/``end_offset``) is read too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dealparse.annotations.records import AnnotatedEntity, AnnotationRecord
from dealparse.annotations.store import LineError, write_atomic
from dealparse.errors import InvalidInputError

LABEL_STUDIO_FROM = "label"
LABEL_STUDIO_TO = "text"

def _region(record: AnnotationRecord, entity: AnnotatedEntity, index: int) -> dict[str, Any]:
    return {
        "id": f"{record.id}-{index}",
        "from_name": LABEL_STUDIO_FROM,
        "to_name": LABEL_STUDIO_TO,
        "type": "labels",
        "value": {
            "start": entity.start,
            "end": entity.end,
            "text": record.text[entity.start : entity.end],
            "labels": [entity.label],
        },
    }


def to_label_studio(record: AnnotationRecord, model_version: str = "dealparse") -> dict[str, Any]:
    """A Label Studio task whose prediction holds the record's entities."""
    data: dict[str, Any] = {"text": record.text, "id": record.id, "source": record.source}
    if record.published is not None:
        data["published"] = record.published
    if record.events is not None:
        data["events"] = record.events
    result = [_region(record, entity, i) for i, entity in enumerate(record.entities)]
    return {"data": data, "predictions": [{"model_version": model_version, "result": result}]}


class NotAnnotatedError(InvalidInputError):
    """A Label Studio task without a person's annotation (skipped, or only predicted)."""


def from_label_studio(task: dict[str, Any]) -> AnnotationRecord:
    """The record of an exported Label Studio task: its latest non-cancelled annotation.

    Raises :class:`NotAnnotatedError` for a task nobody annotated, and ``InvalidInputError``
    when a region's text is not the task text at its offsets."""
    data = task.get("data") or {}
    text = data.get("text", "")
    done = [a for a in task.get("annotations") or [] if isinstance(a, dict)]
    annotations = [a for a in done if not a.get("was_cancelled")]
    if not annotations:
        raise NotAnnotatedError("skipped" if done else "not annotated (predictions are not gold)")
    latest = max(annotations, key=lambda a: str(a.get("updated_at") or a.get("created_at") or ""))
    entities = []
    for region in latest.get("result") or []:
        if region.get("type") != "labels":
            continue
        value = region["value"]
        start, end = value["start"], value["end"]
        if "text" in value and value["text"] != text[start:end]:
            raise InvalidInputError(f"region {region.get('id')}: {value['text']!r} is not the text at {start}-{end}")
        entities.extend(AnnotatedEntity(start=start, end=end, label=label) for label in value.get("labels", []))
    return AnnotationRecord(
        id=str(data.get("id", task.get("id", ""))),
        text=text,
        source=data.get("source", ""),
        published=data.get("published"),
        entities=sorted(entities, key=lambda e: (e.start, e.end)),
        events=data.get("events"),
    )


def to_doccano(record: AnnotationRecord) -> dict[str, Any]:
    """A doccano sequence-labelling line (other fields kept as metadata)."""
    line: dict[str, Any] = {
        "id": record.id,
        "text": record.text,
        "label": [[e.start, e.end, e.label] for e in record.entities],
        "source": record.source,
    }
    if record.published is not None:
        line["published"] = record.published
    if record.events is not None:
        line["events"] = record.events
    return line


def from_doccano(line: dict[str, Any]) -> AnnotationRecord:
    """The record of a doccano line (``label`` triples or ``entities`` objects)."""
    if "entities" in line and isinstance(line["entities"], list):
        entities = [
            AnnotatedEntity(start=e["start_offset"], end=e["end_offset"], label=e["label"]) for e in line["entities"]
        ]
    else:
        entities = [AnnotatedEntity(start=s, end=e, label=label) for s, e, label in line.get("label") or []]
    return AnnotationRecord(
        id=str(line.get("id", "")),
        text=line.get("text", ""),
        source=line.get("source", ""),
        published=line.get("published"),
        entities=sorted(entities, key=lambda e: (e.start, e.end)),
        events=line.get("events"),
    )


FORMATS = ("label-studio", "doccano")


def export_records(records: list[AnnotationRecord], fmt: str, path: Path) -> None:
    """Write records for a tool: Label Studio JSON (a list of tasks) or doccano JSONL."""
    if fmt == "label-studio":
        tasks = [to_label_studio(r) for r in records]
        write_atomic(path, json.dumps(tasks, ensure_ascii=False, indent=1) + "\n")
    elif fmt == "doccano":
        write_atomic(path, "".join(json.dumps(to_doccano(r), ensure_ascii=False) + "\n" for r in records))
    else:
        raise InvalidInputError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")


def import_records(
    path: Path, fmt: str, errors: list[LineError], skipped: list[LineError] | None = None
) -> list[AnnotationRecord]:
    """Records from a tool's file; each bad task or line goes to ``errors`` with its place,
    each Label Studio task nobody annotated to ``skipped``."""
    records: list[AnnotationRecord] = []
    if fmt == "label-studio":
        try:
            tasks = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            errors.append(LineError(path, error.lineno, f"not JSON: {error.msg}"))
            return []
        for index, task in enumerate(tasks if isinstance(tasks, list) else [tasks]):
            try:
                records.append(from_label_studio(task))
            except NotAnnotatedError as error:
                if skipped is not None:
                    skipped.append(LineError(path, index + 1, f"task {index + 1}: {error}"))
            except (KeyError, TypeError, ValueError) as error:
                errors.append(LineError(path, index + 1, f"task {index + 1}: {error}"))
    elif fmt == "doccano":
        with path.open(encoding="utf-8") as lines:
            for number, raw in enumerate(lines, start=1):
                if not raw.strip():
                    continue
                try:
                    records.append(from_doccano(json.loads(raw)))
                except (KeyError, TypeError, ValueError) as error:
                    errors.append(LineError(path, number, str(error).splitlines()[0]))
    else:
        raise InvalidInputError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    return records
