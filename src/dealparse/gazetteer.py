"""Gazetteers of organizations and places, matched in text with Korean word boundaries.

Korean attaches particles directly to names (오픈AI는, 한국산업은행과), so a match may be
followed by a particle but not by more Hangul that would make another word (메타 in
메타버스). Latin names must not touch other Latin letters or digits (KT in KTX).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from dealparse.lexicons import load_toml, load_tsv

_HANGUL = re.compile(r"[가-힣]")
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A gazetteer name found in a text."""

    start: int
    end: int
    text: str
    canonical: str
    kind: str


@cache
def particle_continuations() -> tuple[str, ...]:
    """Particles and bound nouns that may follow a name directly, longest first."""
    rules = load_toml("entity_rules.toml")
    extra = [
        "측",
        "등",
        "로",
        "으로",
        "만",
        "까지",
        "보다",
        "처럼",
        "이다",
        "였",
        "이며",
        "이자",
        "인",
        "라는",
        "이라는",
    ]
    extra += ["社", "사가", "사는", "사와", "사의", "과도", "쪽", "이나", "나", "에서의", "와를"]
    return tuple(sorted({*rules["case"], *extra}, key=len, reverse=True))


def _right_boundary_ok(text: str, end: int, name: str, continuations: tuple[str, ...]) -> bool:
    if end >= len(text):
        return True
    nxt = text[end]
    if _LATIN_OR_DIGIT.match(name[-1]) and _LATIN_OR_DIGIT.match(nxt):
        return False
    if _HANGUL.match(name[-1]) and _HANGUL.match(nxt):
        return text.startswith(continuations, end)
    return True


def _left_boundary_ok(text: str, start: int, name: str) -> bool:
    if start == 0:
        return True
    prev = text[start - 1]
    if _LATIN_OR_DIGIT.match(name[0]) and _LATIN_OR_DIGIT.match(prev):
        return False
    return not (_HANGUL.match(name[0]) and _HANGUL.match(prev))


class Gazetteer:
    """Surface names mapped to a canonical name and a kind, found longest-first in text."""

    def __init__(self, entries: list[tuple[str, str, str]], continuations: tuple[str, ...] = ()) -> None:
        """``entries``: (surface name, canonical name, kind) triples; ``continuations``: Hangul words
        that may follow a name directly besides particles (도쿄지사: 지사)."""
        self._continuations = tuple(
            sorted({*particle_continuations(), *continuations}, key=len, reverse=True)
        )
        self._by_prefix: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        self._lookup: dict[str, tuple[str, str]] = {}
        for name, canonical, kind in entries:
            name = name.strip()
            if len(name) < 2 or name in self._lookup:
                continue
            self._lookup[name] = (canonical, kind)
            self._by_prefix[name[:2]].append((name, canonical, kind))
        for candidates in self._by_prefix.values():
            candidates.sort(key=lambda c: len(c[0]), reverse=True)

    def __contains__(self, name: str) -> bool:
        return name in self._lookup

    def __len__(self) -> int:
        return len(self._lookup)

    def get(self, name: str) -> tuple[str, str] | None:
        """(canonical, kind) of an exact surface name, or None."""
        return self._lookup.get(name)

    def find(self, text: str) -> list[NameMatch]:
        """Every name in ``text``, left to right, longest match first, non-overlapping."""
        matches: list[NameMatch] = []
        i = 0
        while i < len(text) - 1:
            for name, canonical, kind in self._by_prefix.get(text[i : i + 2], ()):
                end = i + len(name)
                if (
                    text.startswith(name, i)
                    and _left_boundary_ok(text, i, name)
                    and _right_boundary_ok(text, end, name, self._continuations)
                ):
                    matches.append(NameMatch(i, end, name, canonical, kind))
                    i = end
                    break
            else:
                i += 1
        return matches


@cache
def organizations() -> Gazetteer:
    """The organization gazetteer (``data/organizations.tsv``)."""
    entries = [
        (name, row["canonical"], row["kind"])
        for row in load_tsv("organizations.tsv")
        for name in row["names"].split("|")
    ]
    return Gazetteer(entries)


@cache
def locations() -> Gazetteer:
    """The place gazetteer (``data/locations.tsv``) plus words that stand for Korea (국내)."""
    entries = [(row["name"], row["name"], row["kind"]) for row in load_tsv("locations.tsv")]
    entries.append(("국내", "한국", "country"))
    return Gazetteer(entries, tuple(load_toml("entity_rules.toml")["place_continuations"]))
