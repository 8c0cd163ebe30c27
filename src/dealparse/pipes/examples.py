"""What the trained event components learn from: a preprocessed document and its gold
events, each tied to a sentence, with the parties' normalized names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from dealparse.annotations.event_scoring import normalize_name, without_particle
from dealparse.mentions import Mention
from dealparse.pipes.context import DocContext


@dataclass
class GoldEvent:
    """One gold event, placed in the document."""

    type: str
    sentence: int
    parties: list[set[str]]
    investors: list[set[str]]
    investee: set[str] | None
    status: str
    raw: dict[str, Any]


@dataclass
class EventExample:
    """A preprocessed document and its aligned gold events."""

    id: str
    doc: Doc
    events: list[GoldEvent]
    gold: list[dict[str, Any]]

    @property
    def context(self) -> DocContext:
        return DocContext.of(self.doc)

    def groups(self) -> dict[tuple[int, str], list[GoldEvent]]:
        """Gold events by (sentence, type): what one sentence states of one type."""
        out: dict[tuple[int, str], list[GoldEvent]] = {}
        for event in self.events:
            out.setdefault((event.sentence, event.type), []).append(event)
        return out


def mention_names(m: Mention) -> set[str]:
    """The normalized names under which a mention can match a gold name."""
    names = {normalize_name(m.text)}
    if m.canonical:
        names.add(normalize_name(m.canonical))
    return names | {without_particle(n) for n in names}


def matches(m: Mention, gold: set[str]) -> bool:
    """Whether mention ``m`` names the gold party with normalized aliases ``gold``."""
    return bool(mention_names(m) & gold)
