"""Read KLUE-NER's character-level BIO files into texts with labelled character spans."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dealparse.labels import label_for_klue

KLUE_DEV_FILE = "klue-ner/klue-ner-v1.1_dev.ner-fix.tsv"
KLUE_TRAIN_RAW_FILE = "klue-ner/klue-ner-v1.1_train.raw-sentences.tsv"
KLUE_TRAIN_FILE = "klue-ner/klue-ner-v1.1_train.tsv"
"""The labelled train split (reassembled, see its ``SOURCE.md``); optional in a data folder."""
KLUE_TRAIN_FLAGS_FILE = "klue-ner/klue-ner-v1.1_train.reconstruction-flags.tsv"
HELD_OUT_EVERY = 5


@dataclass(frozen=True)
class LabelledText:
    """A text and its entities as ``(start, end, label)`` character spans."""

    id: str
    text: str
    spans: tuple[tuple[int, int, str], ...]


def read_klue(path: Path) -> Iterator[LabelledText]:
    """Sentences of a KLUE-NER ``.tsv`` file (``## id<TAB>tagged`` then ``char<TAB>tag`` lines)."""
    sentence_id: str | None = None
    chars: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if line.startswith("## "):
                if "\t" in line:
                    sentence_id = line[3:].split("\t", 1)[0]
                continue
            if not line:
                if sentence_id is not None and chars:
                    yield _labelled(sentence_id, chars, tags)
                sentence_id, chars, tags = None, [], []
                continue
            char, _, tag = line.rpartition("\t")
            chars.append(char)
            tags.append(tag)
    if sentence_id is not None and chars:
        yield _labelled(sentence_id, chars, tags)


def _labelled(sentence_id: str, chars: list[str], tags: list[str]) -> LabelledText:
    text = "".join(chars)
    spans: list[tuple[int, int, str]] = []
    start: int | None = None
    current = ""
    for index, tag in enumerate([*tags, "O"]):
        inside = tag.startswith("I-") and tag[2:] == current
        if start is not None and not inside:
            spans.append((start, index, label_for_klue(current, text[start:index])))
            start, current = None, ""
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start, current = index, tag[2:]
    return LabelledText(sentence_id, text, tuple(spans))


def split_klue(sentences: list[LabelledText]) -> tuple[list[LabelledText], list[LabelledText]]:
    """The fixed split: sentences at 0-based positions divisible by 5 are held out for testing."""
    train = [s for i, s in enumerate(sentences) if i % HELD_OUT_EVERY != 0]
    test = [s for i, s in enumerate(sentences) if i % HELD_OUT_EVERY == 0]
    return train, test


def read_raw_sentences(path: Path) -> Iterator[tuple[str, str]]:
    """``(id, sentence)`` pairs of a raw-sentence ``.tsv`` (``id<TAB>sentence`` lines)."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            sentence_id, _, text = line.rstrip("\n").partition("\t")
            if text.strip():
                yield sentence_id, text


def read_flagged(path: Path) -> set[str]:
    """Ids of the reassembled train sentences flagged for review (first column after the header)."""
    if not path.exists():
        return set()
    with path.open(encoding="utf-8") as lines:
        next(lines, None)
        return {line.split("\t", 1)[0] for line in lines if line.strip()}
