"""Partial NER labels from gold events: the parties an article's events name are ``ORG``.

Each paragraph of a gold article that names a party becomes a training doc. Every occurrence
of a party's name (or alias) that starts and ends on word-internal name boundaries is ``ORG``;
particles, endings and punctuation are ``O``; every other token is *missing*, because the gold
lists the deal's parties, not every organization of the text. One fold of the articles
(``crc32(id) % FOLDS == HELD_OUT_FOLD``, the folds of :func:`dealparse.training.events.fold_of`)
is never used, so participant recall can be measured on articles the NER model has not seen.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from dealparse.training.corpus import NOUN_TAG_PREFIXES, save_docs, to_doc
from dealparse.training.events import fold_of
from dealparse.training.klue import LabelledText

DEAL_NEWS_GOLD = "deal-news/gold"
"""Gold event articles inside the data folder."""
FOLDS = 5
HELD_OUT_FOLD = 0
FUNCTION_TAG_PREFIXES = ("J", "E", "SF", "SP", "SS", "SE", "SO")
"""Kiwi tags that are never inside an organization name: particles, endings, punctuation."""


@dataclass
class ParticipantCounts:
    """What the reader made of the gold files."""

    articles: int = 0
    held_out_articles: int = 0
    paragraphs: int = 0
    names: int = 0
    names_not_found: int = 0


def party_names(event: dict[str, object]) -> set[str]:
    """Every surface name of an event's parties (participants, investors, investee)."""
    items: list[object] = [*(event.get("participants") or []), *(event.get("investors") or [])]  # type: ignore[misc]
    if event.get("investee"):
        items.append(event["investee"])
    names: set[str] = set()
    stack = list(items)
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(v for k, v in item.items() if k in {"name", "text", "canonical"})
        elif isinstance(item, str) and item.strip():
            names.add(item.strip())
    return names


def _occurrences(paragraph: str, names: Iterable[str]) -> list[tuple[int, int]]:
    """Non-overlapping character spans of the names in the paragraph, longest names first."""
    taken: list[tuple[int, int]] = []
    for name in sorted(names, key=len, reverse=True):
        start = paragraph.find(name)
        while start >= 0:
            end = start + len(name)
            if not any(start < e and s < end for s, e in taken):
                taken.append((start, end))
            start = paragraph.find(name, start + 1)
    return sorted(taken)


def _inside_word_name(doc: Doc, span: Span) -> bool:
    """Whether the span continues a longer name in its word (SK in SK하이닉스)."""
    before = doc[span.start - 1] if span.start > 0 and not doc[span.start - 1].whitespace_ else None
    after = doc[span.end] if span.end < len(doc) and not span[-1].whitespace_ else None
    return any(t is not None and t.tag_.startswith(NOUN_TAG_PREFIXES) for t in (before, after))


def participant_docs(
    nlp: Language, gold_dir: Path, counts: ParticipantCounts | None = None
) -> Iterator[Doc]:
    """Training docs with partial ``ORG`` labels from the gold files outside the held-out fold."""
    counts = counts if counts is not None else ParticipantCounts()
    for path in sorted(gold_dir.glob("*.json")):
        article = json.loads(path.read_text(encoding="utf-8"))
        if fold_of(article["id"], FOLDS) == HELD_OUT_FOLD:
            counts.held_out_articles += 1
            continue
        counts.articles += 1
        names = set().union(*(party_names(event) for event in article.get("events", [])))
        counts.names += len(names)
        text: str = article["text"]
        counts.names_not_found += sum(name not in text for name in names)
        for index, paragraph in enumerate(text.split("\n")):
            found = _occurrences(paragraph, names)
            if not found:
                continue
            doc = nlp.make_doc(paragraph)
            spans = [doc.char_span(s, e) for s, e in found]
            kept = [(s.start_char, s.end_char, "ORG") for s in spans if s is not None and not _inside_word_name(doc, s)]
            if not kept:
                continue
            doc = to_doc(nlp, LabelledText(f"{article['id']}#{index}", paragraph, tuple(kept)), doc)
            unknown = [
                doc[t.i : t.i + 1] for t in doc if t.ent_iob_ == "O" and not t.tag_.startswith(FUNCTION_TAG_PREFIXES)
            ]
            if unknown:
                doc.set_ents([], missing=unknown, default="unmodified")
            counts.paragraphs += 1
            yield doc


def write_participant_docbin(nlp: Language, gold_dir: Path, path: Path, copies: int = 1) -> ParticipantCounts:
    """Save :func:`participant_docs` to ``path`` (``copies`` times in a row); return the counts."""
    counts = ParticipantCounts()
    save_docs(list(participant_docs(nlp, gold_dir, counts)), path, copies)
    return counts
