"""Label Studio and doccano formats to and from annotation records, without loss.

Label Studio: tasks ``{"data": {"text", "id", "source", "published", "events"}, "predictions":
[{"result": [...]}]}``; importing reads an export's latest non-cancelled annotation (a
person's work): tasks skipped or never annotated are reported, never taken as gold from their
predictions, and each region's ``value.text`` must be the task text at its offsets. Entities are ``labels`` regions (``from_name`` "label", ``to_name`` "text"). An event is a
``trigger`` region labelled with its type (its trigger span, else its evidence), a ``status``
choice on that region, and ``relation`` results from it to its parties' ``ORG`` regions,
labelled with their roles (:data:`LABEL_STUDIO_CONFIG` is the labelling interface); a party
that is not an entity of the record gets an ``ORG`` region listed in ``data.party_regions``,
which does not come back as an entity. The rest
of each event (amount, date, place, …) travels in ``data.events``; an event a person leaves
as it was comes back exactly as it went, an edited one takes the type, status, trigger and
parties of its regions.

doccano (sequence labelling JSONL): ``{"id", "text", "label": [[start, end, label], ...]}``
plus the other record fields as metadata (``party_regions`` as in Label Studio); the relation-task form with ``entities``
(``start_offset``/``end_offset``) is read too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dealparse.annotations.events import Role
from dealparse.annotations.records import AnnotatedEntity, AnnotationRecord
from dealparse.annotations.store import LineError, write_atomic
from dealparse.errors import InvalidInputError
from dealparse.events import EVENT_TYPES, Status
from dealparse.labels import LABELS

LABEL_STUDIO_FROM = "label"
LABEL_STUDIO_TO = "text"
LABEL_STUDIO_TRIGGER = "trigger"
LABEL_STUDIO_STATUS = "status"
PARTY_REGIONS = "party_regions"
"""Task field listing the ``[start, end]`` of ``ORG`` regions shown only to carry an event's
party: they are not entities of the record and do not come back as entities."""


def _label_studio_config() -> str:
    entities = "".join(f'<Label value="{label}"/>' for label in LABELS)
    types = "".join(f'<Label value="{name}"/>' for name in EVENT_TYPES)
    roles = "".join(f'<Relation value="{role.value}"/>' for role in Role)
    statuses = "".join(f'<Choice value="{status.value}"/>' for status in Status)
    return (
        "<View>\n"
        f'  <Labels name="{LABEL_STUDIO_FROM}" toName="{LABEL_STUDIO_TO}">{entities}</Labels>\n'
        f'  <Labels name="{LABEL_STUDIO_TRIGGER}" toName="{LABEL_STUDIO_TO}">{types}</Labels>\n'
        f"  <Relations>{roles}</Relations>\n"
        f'  <Text name="{LABEL_STUDIO_TO}" value="$text"/>\n'
        f'  <Choices name="{LABEL_STUDIO_STATUS}" toName="{LABEL_STUDIO_TO}" perRegion="true">{statuses}</Choices>\n'
        "</View>\n"
    )


LABEL_STUDIO_CONFIG = _label_studio_config()
"""The Label Studio labelling interface: entity labels, event-type labels for triggers,
relations (trigger → party) with roles, and a status choice per trigger."""


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


def _event_span(event: dict[str, Any]) -> tuple[int, int] | None:
    """Where an event's region goes: its trigger span, else its evidence span."""
    if event.get("trigger_start") is not None and event.get("trigger_end") is not None:
        return event["trigger_start"], event["trigger_end"]
    evidence = event.get("evidence")
    if isinstance(evidence, dict) and evidence.get("start") is not None and evidence.get("end") is not None:
        return evidence["start"], evidence["end"]
    return None


def _placed(party: object) -> bool:
    """Whether a party is a dict with both offsets (so it is shown as a region)."""
    return isinstance(party, dict) and party.get("start") is not None and party.get("end") is not None


def _parties(event: dict[str, Any]) -> list[tuple[int, int, str, str]]:
    """``(start, end, name, role)`` of the event's parties that have offsets, once each."""
    investors = event.get("investors") or []
    items = [(p, "participant") for p in event.get("participants") or []]
    items += [(p, Role.INVESTOR.value) for p in investors]
    if event.get("investee"):
        items.append((event["investee"], Role.INVESTEE.value))
    found: dict[tuple[int, int], tuple[int, int, str, str]] = {}
    for party, role in items:
        if _placed(party):
            key = (party["start"], party["end"])
            role = party.get("role") or role
            if key not in found or found[key][3] == "participant":
                found[key] = (party["start"], party["end"], party["name"], role)
    return list(found.values())


def _event_results(
    record: AnnotationRecord, regions: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[list[int]]]:
    """Trigger regions, status choices and relations of the record's events, and the spans of
    the ``ORG`` regions added to ``regions`` only to carry a party that is not an entity."""
    added: list[list[int]] = []
    by_span = {
        (r["value"]["start"], r["value"]["end"]): r["id"] for r in regions if "ORG" in r["value"]["labels"]
    }
    results: list[dict[str, Any]] = []
    for index, event in enumerate(record.events or []):
        span = _event_span(event)
        if span is None:
            continue
        start, end = span
        event_id = f"{record.id}-ev{index}"
        value = {"start": start, "end": end, "text": record.text[start:end]}
        results.append(
            {
                "id": event_id,
                "from_name": LABEL_STUDIO_TRIGGER,
                "to_name": LABEL_STUDIO_TO,
                "type": "labels",
                "value": {**value, "labels": [event["type"]]},
            }
        )
        if event.get("status"):
            results.append(
                {
                    "id": event_id,
                    "from_name": LABEL_STUDIO_STATUS,
                    "to_name": LABEL_STUDIO_TO,
                    "type": "choices",
                    "value": {**value, "choices": [event["status"]]},
                }
            )
        for p_start, p_end, _, role in _parties(event):
            if (p_start, p_end) not in by_span:
                region_id = f"{record.id}-ev{index}-p{p_start}"
                by_span[(p_start, p_end)] = region_id
                added.append([p_start, p_end])
                entity = AnnotatedEntity(start=p_start, end=p_end, label="ORG")
                regions.append({**_region(record, entity, 0), "id": region_id})
            results.append(
                {
                    "from_id": event_id,
                    "to_id": by_span[(p_start, p_end)],
                    "type": "relation",
                    "direction": "right",
                    "labels": [role],
                }
            )
    return results, added


def to_label_studio(record: AnnotationRecord, model_version: str = "dealparse") -> dict[str, Any]:
    """A Label Studio task whose prediction holds the record's entities and events."""
    data: dict[str, Any] = {"text": record.text, "id": record.id, "source": record.source}
    if record.published is not None:
        data["published"] = record.published
    if record.events is not None:
        data["events"] = record.events
    regions = [_region(record, entity, i) for i, entity in enumerate(record.entities)]
    events, added = _event_results(record, regions)
    if added:
        data[PARTY_REGIONS] = added
    return {"data": data, "predictions": [{"model_version": model_version, "result": regions + events}]}


def _party_dicts(event: dict[str, Any]) -> dict[tuple[int, int], dict[str, Any]]:
    """The event's parties that have offsets, by span: the fields of all its dicts (as participant,
    investor, investee) in one."""
    parties = [*(event.get("participants") or []), *(event.get("investors") or []), event.get("investee")]
    found: dict[tuple[int, int], dict[str, Any]] = {}
    for p in parties:
        if _placed(p):
            found.setdefault((p["start"], p["end"]), {}).update(p)
    return found


def _rebuilt(
    original: dict[str, Any],
    span: tuple[int, int],
    event_type: str,
    status: str | None,
    parties: list[tuple[int, int, str, str]],
    text: str,
) -> dict[str, Any]:
    """An edited event: the original's values, with the regions' type, status, trigger and
    parties. A party keeps its original dict (canonical name and all) with the role it now
    has; parties without offsets were never shown and stay as they were."""
    start, end = span
    known = _party_dicts(original)

    def party(s: int, e: int, name: str, role: str | None = None) -> dict[str, Any]:
        kept = {
            k: v for k, v in known.get((s, e), {"name": name, "start": s, "end": e}).items() if k != "role"
        }
        return {**kept, "role": role} if role is not None else kept

    def unshown(key: str) -> list[dict[str, Any]]:
        return [p for p in original.get(key) or [] if not _placed(p)]

    event = {k: v for k, v in original.items() if k not in {"participants", "investors", "investee"}}
    event.update({"type": event_type, "trigger": text[start:end], "trigger_start": start, "trigger_end": end})
    if status:
        event["status"] = status
    event["participants"] = [party(s, e, n, r) for s, e, n, r in parties] + unshown("participants")
    if event_type == "investment":
        event["investors"] = [party(s, e, n) for s, e, n, r in parties if r == Role.INVESTOR] + unshown(
            "investors"
        )
        investee = [party(s, e, n) for s, e, n, r in parties if r == Role.INVESTEE]
        former = original.get("investee")
        if not investee and former and not _placed(former):
            investee = [former]
        event["investee"] = investee[0] if investee else None
    return event


def _events_from_results(
    text: str, record_id: str, result: list[dict[str, Any]], sent: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The events of an annotation, in their original order and then the new ones: ``sent``
    (``data.events``) where a person left them as they were, else rebuilt from their trigger
    regions, status choices and relations; an event whose region was deleted is dropped."""
    regions = {r["id"]: r for r in result if r.get("type") == "labels" and "id" in r}
    triggers = {
        r["id"]: r for r in result if r.get("from_name") == LABEL_STUDIO_TRIGGER and r.get("type") == "labels"
    }
    statuses = {
        r["id"]: r["value"]["choices"][0] for r in result if r.get("from_name") == LABEL_STUDIO_STATUS
    }
    relations: dict[str, list[tuple[int, int, str, str]]] = {}
    for r in result:
        if r.get("type") == "relation" and r.get("to_id") in regions:
            value = regions[r["to_id"]]["value"]
            role = (r.get("labels") or ["participant"])[0]
            relations.setdefault(r["from_id"], []).append(
                (value["start"], value["end"], text[value["start"] : value["end"]], role)
            )

    def event_of(region_id: str, original: dict[str, Any]) -> dict[str, Any]:
        trigger = triggers[region_id]
        span = trigger["value"]["start"], trigger["value"]["end"]
        event_type = trigger["value"]["labels"][0]
        parties = sorted(relations.get(region_id, []))
        status = statuses.get(region_id)
        if (
            event_type == original.get("type")
            and status == original.get("status")
            and span == _event_span(original)
            and parties == sorted(_parties(original))
        ):
            return original
        return _rebuilt(original, span, event_type, status, parties, text)

    events: list[dict[str, Any]] = []
    for index, original in enumerate(sent):
        region_id = f"{record_id}-ev{index}"
        if _event_span(original) is None:  # never shown as a region
            events.append(original)
        elif region_id in triggers:
            events.append(event_of(region_id, original))
    shown = {f"{record_id}-ev{index}" for index in range(len(sent))}
    events.extend(event_of(region_id, {}) for region_id in triggers if region_id not in shown)
    return events


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
    result = latest.get("result") or []
    return AnnotationRecord(
        id=str(data.get("id", task.get("id", ""))),
        text=text,
        source=data.get("source", ""),
        published=data.get("published"),
        entities=_entities(text, result, data.get(PARTY_REGIONS)),
        events=_label_studio_events(text, data, result),
    )


def _entities(
    text: str, result: list[dict[str, Any]], carriers: list[list[int]] | None
) -> list[AnnotatedEntity]:
    """The entities of an annotation's ``labels`` regions (their text checked), sorted, less the
    ``ORG`` regions at ``carriers`` (``party_regions``: shown only to carry a party)."""
    shown_only = {tuple(span) for span in carriers or []}
    entities = []
    for region in result:
        if region.get("type") != "labels" or region.get("from_name", LABEL_STUDIO_FROM) != LABEL_STUDIO_FROM:
            continue
        _check_region_text(text, region)
        value = region["value"]
        start, end = value["start"], value["end"]
        labels = [
            label for label in value.get("labels", []) if not (label == "ORG" and (start, end) in shown_only)
        ]
        entities.extend(AnnotatedEntity(start=start, end=end, label=label) for label in labels)
    return sorted(entities, key=lambda e: (e.start, e.end))


def _check_region_text(text: str, region: dict[str, Any]) -> None:
    """Raise ``InvalidInputError`` when a region's ``value.text`` is not the text at its offsets."""
    value = region["value"]
    start, end = value["start"], value["end"]
    if "text" in value and value["text"] != text[start:end]:
        raise InvalidInputError(
            f"region {region.get('id')}: {value['text']!r} is not the text at {start}-{end}"
        )


def _label_studio_events(
    text: str, data: dict[str, Any], result: list[dict[str, Any]]
) -> list[dict[str, Any]] | None:
    sent = data.get("events")
    has_regions = any(r.get("from_name") == LABEL_STUDIO_TRIGGER for r in result)
    if sent is None and not has_regions:
        return None
    for region in result:
        if region.get("from_name") == LABEL_STUDIO_TRIGGER:
            _check_region_text(text, region)
    return _events_from_results(text, str(data.get("id", "")), result, sent or [])


def to_doccano(record: AnnotationRecord) -> dict[str, Any]:
    """A doccano relation-extraction line: ``entities`` (names, and event triggers labelled
    with their type), ``relations`` from a trigger to its parties typed with their roles; the
    other fields as metadata. A trigger entity is tied back to its event by its span and type
    (doccano renumbers entity ids on export)."""
    task = to_label_studio(record)
    result = task["predictions"][0]["result"]
    regions = [r for r in result if r["type"] == "labels"]
    ids = {r["id"]: number for number, r in enumerate(regions)}
    line: dict[str, Any] = {
        "id": record.id,
        "text": record.text,
        "entities": [
            {
                "id": ids[r["id"]],
                "label": r["value"]["labels"][0],
                "start_offset": r["value"]["start"],
                "end_offset": r["value"]["end"],
            }
            for r in regions
        ],
        "relations": [
            {"id": number, "from_id": ids[r["from_id"]], "to_id": ids[r["to_id"]], "type": r["labels"][0]}
            for number, r in enumerate(x for x in result if x["type"] == "relation")
        ],
        "source": record.source,
    }
    if record.published is not None:
        line["published"] = record.published
    if record.events is not None:
        line["events"] = record.events
    if PARTY_REGIONS in task["data"]:
        line[PARTY_REGIONS] = task["data"][PARTY_REGIONS]
    return line


def from_doccano(line: dict[str, Any]) -> AnnotationRecord:
    """The record of a doccano line: relation form (``entities`` and ``relations``, events
    rebuilt as from Label Studio) or sequence-labelling form (``label`` triples)."""
    record_id = str(line.get("id", ""))
    text = line.get("text", "")
    sent = line.get("events")
    if not isinstance(line.get("entities"), list):
        entities = [AnnotatedEntity(start=s, end=e, label=label) for s, e, label in line.get("label") or []]
        events = sent
    else:
        spans = {
            (*span, event["type"]): index
            for index, event in enumerate(sent or [])
            if (span := _event_span(event)) is not None
        }
        result: list[dict[str, Any]] = []
        names: dict[int, str] = {}
        for entity in line["entities"]:
            value = {
                "start": entity["start_offset"],
                "end": entity["end_offset"],
                "labels": [entity["label"]],
            }
            if entity["label"] in EVENT_TYPES:
                index = spans.get((entity["start_offset"], entity["end_offset"], entity["label"]))
                name = f"{record_id}-ev{index}" if index is not None else f"{record_id}-new{entity['id']}"
                result.append(
                    {"id": name, "from_name": LABEL_STUDIO_TRIGGER, "type": "labels", "value": value}
                )
                if index is not None and sent and index < len(sent) and sent[index].get("status"):
                    status = {
                        "start": value["start"],
                        "end": value["end"],
                        "choices": [sent[index]["status"]],
                    }
                    result.append(
                        {"id": name, "from_name": LABEL_STUDIO_STATUS, "type": "choices", "value": status}
                    )
            else:
                name = f"{record_id}-{entity['id']}"
                result.append({"id": name, "from_name": LABEL_STUDIO_FROM, "type": "labels", "value": value})
            names[entity["id"]] = name
        for relation in line.get("relations") or []:
            result.append(
                {
                    "type": "relation",
                    "from_id": names[relation["from_id"]],
                    "to_id": names[relation["to_id"]],
                    "labels": [relation["type"]],
                }
            )
        entities = _entities(text, result, line.get(PARTY_REGIONS))
        events = _label_studio_events(text, {"id": record_id, "events": sent}, result)
    return AnnotationRecord(
        id=record_id,
        text=text,
        source=line.get("source", ""),
        published=line.get("published"),
        entities=sorted(entities, key=lambda e: (e.start, e.end)),
        events=events,
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
