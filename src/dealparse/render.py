"""Human-readable views of a result: a text table and an HTML page for review."""

from __future__ import annotations

import html

from dealparse.events import ExtractionResult

_COLUMNS = ("#", "type", "participants", "amount", "date", "location", "status", "conf")


def _cells(index: int, event) -> list[str]:
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


def html_page(text: str, result: ExtractionResult) -> str:
    """A standalone page: the text with entities highlighted, and one card per event."""
    marks = sorted(((e.start, e.end, e.label) for e in result.entities), key=lambda m: m[0])
    evidence = sorted({(e.evidence.start, e.evidence.end) for e in result.events if e.evidence is not None})
    body: list[str] = []
    pos = 0
    for start, end, label in marks:
        if start < pos:
            continue
        body.append(_with_evidence(text, pos, start, evidence))
        body.append(
            f'<mark class="ent {label}" title="{label}">{html.escape(text[start:end])}'
            f"<sub>{label}</sub></mark>"
        )
        pos = end
    body.append(_with_evidence(text, pos, len(text), evidence))
    cards = []
    for i, event in enumerate(result.events, 1):
        payload = html.escape(event.model_dump_json(indent=2, exclude_none=True))
        cards.append(
            f"<details><summary>{i}. {event.type} — {html.escape(', '.join(p.name for p in event.participants))}"
            f" [{event.status.value}]</summary><pre>{payload}</pre></details>"
        )
    return _PAGE.format(text="".join(body), cards="\n".join(cards), count=len(result.events))


def _with_evidence(text: str, start: int, end: int, evidence: list[tuple[int, int]]) -> str:
    """Escape ``text[start:end]``, underlining the parts that are event evidence."""
    out: list[str] = []
    pos = start
    for ev_start, ev_end in evidence:
        a, b = max(ev_start, pos), min(ev_end, end)
        if a < b:
            out.append(html.escape(text[pos:a]))
            out.append(f'<span class="evidence">{html.escape(text[a:b])}</span>')
            pos = b
    out.append(html.escape(text[pos:end]))
    return "".join(out)


_PAGE = """<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>dealparse review</title>
<style>
body {{ font-family: sans-serif; max-width: 60em; margin: 2em auto; line-height: 1.7; }}
.text {{ white-space: pre-wrap; border: 1px solid #ddd; padding: 1em; }}
mark.ent {{ border-radius: 3px; padding: 0 2px; }} mark sub {{ font-size: 0.6em; margin-left: 2px; }}
.ORG {{ background: #cfe8ff; }} .LOC {{ background: #d9f7be; }} .MONEY {{ background: #ffe7ba; }}
.DATE {{ background: #f4d9ff; }} .QUANTITY {{ background: #ffd6e7; }} .PER {{ background: #eee; }}
.evidence {{ text-decoration: underline 2px #e8590c; }}
pre {{ background: #f6f6f6; padding: 0.5em; overflow-x: auto; }}
</style></head><body>
<h1>{count} event(s)</h1>
{cards}
<h2>Text</h2><p>Entities are highlighted; event evidence is underlined.</p>
<div class="text">{text}</div>
</body></html>
"""
