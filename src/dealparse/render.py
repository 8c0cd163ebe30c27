"""Human-readable views of a result: a text table and an HTML page for review."""

from __future__ import annotations

import html

from dealparse.events import Event, ExtractionResult
from dealparse.labels import LABELS

_COLUMNS = ("#", "type", "participants", "amount", "date", "location", "status", "conf")


def _cells(index: int, event: Event) -> list[str]:
    amount = ""
    if event.amount is not None:
        amount = f"{event.amount.value:,} {event.amount.currency}"
        if event.amount.converted is not None:
            amount += f" ({event.amount.converted.value:,} {event.amount.converted.currency})"
    return [
        str(index),
        event.type,
        ", ".join(p.name for p in event.participants),
        amount,
        event.date.iso if event.date else "",
        event.location.name if event.location else "",
        event.status.value,
        f"{event.confidence:.2f}",
    ]


def events_table(result: ExtractionResult) -> str:
    """A plain-text table of the events, each followed by its evidence sentence."""
    if not result.events:
        return "no events found"
    rows = [_cells(i, e) for i, e in enumerate(result.events, 1)]
    widths = [max(_width(c) for c in col) for col in zip(_COLUMNS, *rows, strict=False)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(_COLUMNS, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row, event in zip(rows, result.events, strict=True):
        lines.append("  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)))
        if event.evidence is not None:
            lines.append(f"     └ {event.evidence.text[:160]}")
    return "\n".join(lines)


def _width(text: str) -> int:
    """Display width: Hangul and other wide characters take two columns."""
    return sum(2 if "\u1100" <= ch <= "\uffdc" and not ch.isascii() else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _roles(event: Event) -> str:
    """Participants with their roles: investors and the investee of an investment."""
    investors = {p.key for p in getattr(event, "investors", [])}
    investee = getattr(event, "investee", None)
    parts = []
    for p in event.participants:
        role = "investor" if p.key in investors else "investee" if investee is not None and p.key == investee.key else ""
        name = html.escape(p.name)
        parts.append(f"{name} <small>({role})</small>" if role else name)
    return ", ".join(parts)


def html_page(text: str, result: ExtractionResult) -> str:
    """A standalone page that works offline: a table of the events (type, participants with
    roles, amount, date, place, status, confidence), each linked to its evidence highlighted in
    the text, and the entities marked by label with a legend."""
    marks = sorted(((e.start, e.end, e.label) for e in result.entities), key=lambda m: m[0])
    evidence: dict[tuple[int, int], int] = {}
    for i, event in enumerate(result.events, 1):
        if event.evidence is not None:
            evidence.setdefault((event.evidence.start, event.evidence.end), i)
    spans = sorted(evidence.items())
    anchored: set[int] = set()
    body: list[str] = []
    pos = 0
    for start, end, label in marks:
        if start < pos:
            continue
        body.append(_with_evidence(text, pos, start, spans, anchored))
        body.append(
            f'<mark class="ent {label}" title="{label}">{html.escape(text[start:end])}'
            f"<sub>{label}</sub></mark>"
        )
        pos = end
    body.append(_with_evidence(text, pos, len(text), spans, anchored))
    rows = []
    for i, event in enumerate(result.events, 1):
        cells = _cells(i, event)
        link = ""
        if event.evidence is not None:
            target = evidence[(event.evidence.start, event.evidence.end)]
            link = f'<a href="#evidence-{target}">evidence</a>'
        rows.append(
            f'<tr id="event-{i}"><td>{i}</td><td>{event.type}</td><td>{_roles(event)}</td>'
            + "".join(f"<td>{html.escape(c)}</td>" for c in cells[3:])
            + f"<td>{link}</td></tr>"
        )
    legend = " ".join(f'<mark class="ent {label}">{label}</mark>' for label in LABELS)
    return _PAGE.format(
        text="".join(body), rows="\n".join(rows), count=len(result.events), legend=legend, fonts=CJK_FONTS
    )


def _with_evidence(
    text: str, start: int, end: int, evidence: list[tuple[tuple[int, int], int]], anchored: set[int]
) -> str:
    """Escape ``text[start:end]``, highlighting the parts that are event evidence (the first
    piece shown of each evidence carries its anchor; ``anchored`` tracks them)."""
    out: list[str] = []
    pos = start
    for (ev_start, ev_end), number in evidence:
        a, b = max(ev_start, pos), min(ev_end, end)
        if a < b:
            out.append(html.escape(text[pos:a]))
            anchor = "" if number in anchored else f' id="evidence-{number}"'
            anchored.add(number)
            out.append(f'<span class="evidence"{anchor}>{html.escape(text[a:b])}</span>')
            pos = b
    out.append(html.escape(text[pos:end]))
    return "".join(out)


CJK_FONTS = (
    '"Noto Sans CJK KR", "Noto Sans KR", "Source Han Sans K", "Apple SD Gothic Neo", '
    '"Malgun Gothic", "NanumGothic", "Nanum Gothic", "UnDotum", sans-serif'
)
"""Fonts with Hangul, named first: a reader's default sans-serif may have none (boxes)."""

_PAGE = """<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>dealparse review</title>
<style>
body {{ font-family: {fonts}; max-width: 70em; margin: 2em auto; line-height: 1.7; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #ddd; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }}
th {{ background: #f3f3f3; }}
.text {{ white-space: pre-wrap; border: 1px solid #ddd; padding: 1em; }}
mark.ent {{ border-radius: 3px; padding: 0 2px; }} mark sub {{ font-size: 0.6em; margin-left: 2px; }}
.ORG {{ background: #cfe8ff; }} .LOC {{ background: #d9f7be; }} .MONEY {{ background: #ffe7ba; }}
.DATE {{ background: #f4d9ff; }} .QUANTITY {{ background: #ffd6e7; }} .PER {{ background: #eee; }}
.TIME {{ background: #e6fffb; }}
.evidence {{ text-decoration: underline 2px #e8590c; }}
.evidence:target {{ background: #fff3bf; }}
</style></head><body>
<h1>{count} event(s)</h1>
<table><thead><tr><th>#</th><th>type</th><th>participants (roles)</th><th>amount</th><th>date</th>
<th>place</th><th>status</th><th>confidence</th><th></th></tr></thead>
<tbody>
{rows}
</tbody></table>
<h2>Text</h2>
<p>Entities: {legend}. Event evidence is underlined; an evidence link highlights it.</p>
<div class="text">{text}</div>
</body></html>
"""
