"""Event precision, recall and F1 by the rules of the evaluation schema (SCHEMA.md).

Names match after removing spaces, case, quotes, corporate affixes and a final particle, or
through a gold alias list; a predicted event matches a gold event of the same type when the
F1 of their participant sets is at least 0.5, one to one, best pairs first. Slot accuracy
(amount within 1 %, date at the gold's precision, status) is counted over matched pairs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from dealparse.events import EVENT_TYPES
from dealparse.scoring import LabelScore

_AFFIXES = ("(주)", "㈜", "주식회사", "(유)", "유한회사")
_PUNCTUATION = re.compile(r"[\s'\"‘’“”`·\-_.,()\[\]<>]")
_PARTICLES = sorted(["은", "는", "이", "가", "을", "를", "와", "과", "의", "에", "에서", "로", "으로", "도", "만", "에게", "께서", "측", "과의", "와의", "로부터", "으로부터"], key=len, reverse=True)


def normalize_name(name: str) -> str:
    """A name reduced for comparison: no affixes, spaces, quotes or case."""
    for affix in _AFFIXES:
        name = name.replace(affix, "")
    return _PUNCTUATION.sub("", name).lower()


def without_particle(name: str) -> str:
    for particle in _PARTICLES:
        if name.endswith(particle) and len(name) - len(particle) >= 2:
            return name[: -len(particle)]
    return name


def _names(item: Any) -> set[str]:
    """The normalized names of a participant: a string, an alias list or an object."""
    if isinstance(item, list):
        return set().union(*(_names(x) for x in item)) if item else set()
    if isinstance(item, dict):
        item = item.get("name") or item.get("text") or item.get("canonical")
        return _names(item) if item else set()
    return {normalize_name(str(item))} if item else set()


def participants(event: dict[str, Any]) -> list[set[str]]:
    """The event's parties (participants, investors, investee), each as its set of names."""
    items = [*(event.get("participants") or []), *(event.get("investors") or [])]
    if event.get("investee"):
        items.append(event["investee"])
    groups: list[set[str]] = []
    for item in items:
        names = _names(item)
        if isinstance(item, dict) and item.get("canonical"):
            names |= _names(item["canonical"])
        if names and not any(names & g for g in groups):
            groups.append(names)
    return groups


def party_f1(predicted: list[set[str]], gold: list[set[str]]) -> float:
    used: set[int] = set()
    hits = 0
    for names in predicted:
        stripped = names | {without_particle(n) for n in names}
        for j, gold_names in enumerate(gold):
            if j not in used and stripped & gold_names:
                used.add(j)
                hits += 1
                break
    if not hits:
        return 0.0
    precision, recall = hits / len(predicted), hits / len(gold)
    return 2 * precision * recall / (precision + recall)


def _amount(value: Any) -> tuple[Decimal, str] | None:
    if not isinstance(value, dict):
        return None
    try:
        return Decimal(str(value.get("value"))), str(value.get("currency") or "").upper()
    except InvalidOperation:
        return None


def _amount_ok(predicted: Any, gold: dict[str, Any]) -> bool:
    p = _amount(predicted)
    targets = [_amount(gold.get("amount")), _amount(gold.get("amount_alt"))]
    return p is not None and any(g and g[1] == p[1] and abs(p[0] - g[0]) <= abs(g[0]) / 100 for g in targets)


def _date(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("value") or value.get("iso")
    return str(value) if value else None


def _location_ok(predicted: Any, gold: Any) -> bool:
    if isinstance(predicted, dict):
        predicted = predicted.get("name") or predicted.get("text")
    if not predicted:
        return False
    p = normalize_name(str(predicted))
    return any(p == g or (len(g) >= 2 and g in p) or (len(p) >= 2 and p in g) for g in _names(gold))


def _capacity_ok(predicted: Any, gold: Any) -> bool:
    try:
        p, g = Decimal(str(predicted)), Decimal(str(gold))
    except InvalidOperation:
        return False
    return abs(p - g) <= abs(g) / 100


@dataclass
class EventScores:
    """Event counts by type and slot accuracy over matched pairs."""

    types: dict[str, LabelScore] = field(default_factory=lambda: {t: LabelScore() for t in EVENT_TYPES})
    slots: dict[str, list[int]] = field(
        default_factory=lambda: {s: [0, 0] for s in ("amount", "date", "location", "status", "capacity_mw")}
    )
    matched_predictions: set[int] = field(default_factory=set)
    """Indices of the predicted events that matched (for a single document's scores)."""

    @property
    def overall(self) -> LabelScore:
        total = LabelScore()
        for s in self.types.values():
            total.tp, total.fp, total.fn = total.tp + s.tp, total.fp + s.fp, total.fn + s.fn
        return total

    def as_dict(self) -> dict[str, object]:
        return {
            "events": self.overall.as_dict(),
            "per_type": {t: s.as_dict() for t, s in self.types.items()},
            "slots": {k: {"correct": v[0], "total": v[1]} for k, v in self.slots.items()},
        }

    def table(self) -> str:
        rows = [f"{'type':<16}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}"]
        for name, s in [*self.types.items(), ("ALL", self.overall)]:
            rows.append(f"{name:<16}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.tp:>6}{s.fp:>6}{s.fn:>6}")
        rows.append("slots: " + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in self.slots.items()))
        return "\n".join(rows)


def score_events(pairs: Iterable[tuple[list[dict[str, Any]], list[dict[str, Any]]]]) -> EventScores:
    """Score ``(gold events, predicted events)`` document by document."""
    scores = EventScores()
    for gold, predicted in pairs:
        candidates = []
        for i, p in enumerate(predicted):
            for j, g in enumerate(gold):
                if p.get("type") == g.get("type"):
                    f1 = party_f1(participants(p), participants(g))
                    if f1 >= 0.5:
                        candidates.append((f1, -i, -j))
        matched: dict[int, int] = {}
        for _, neg_i, neg_j in sorted(candidates, reverse=True):
            if -neg_i not in matched and -neg_j not in matched.values():
                matched[-neg_i] = -neg_j
        for i, p in enumerate(predicted):
            if p.get("type") in scores.types:
                kind = scores.types[p["type"]]
                kind.tp, kind.fp = (kind.tp + 1, kind.fp) if i in matched else (kind.tp, kind.fp + 1)
        for j, g in enumerate(gold):
            if j not in matched.values() and g.get("type") in scores.types:
                scores.types[g["type"]].fn += 1
        scores.matched_predictions = set(matched)
        for i, j in matched.items():
            p, g = predicted[i], gold[j]
            checks = {
                "amount": (g.get("amount"), _amount_ok(p.get("amount"), g)),
                "date": (g.get("date"), (_date(p.get("date")) or "").startswith(str(g.get("date")))),
                "location": (g.get("location"), _location_ok(p.get("location"), g.get("location"))),
                "status": (g.get("status"), p.get("status") == g.get("status")),
                "capacity_mw": (g.get("capacity_mw"), _capacity_ok(p.get("capacity_mw"), g.get("capacity_mw"))),
            }
            for slot, (expected, ok) in checks.items():
                if expected:
                    scores.slots[slot][1] += 1
                    scores.slots[slot][0] += ok
    return scores
