"""Silver NER labels for unlabelled sentences from KoNEC's entity-form list.

KoNEC lists every entity form of the KLUE-NER sentences with its fine label and its
frequency in the train sentences (``train_freq``; dev frequencies are never read, so the
held-out split stays unseen). A form is used when it is labelled in at least
``min_precision`` of its occurrences in the raw train sentences, which drops common words
that are only sometimes names. Matches are the longest forms, left to right, that start
after a boundary and do not end inside a number or a Latin word.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from dealparse.labels import label_for_klue
from dealparse.training.klue import LabelledText

KONEC_FORMS_FILE = "konec/ne_form_label_freq.tsv"
MIN_FORM_CHARS = 2
MAX_FORM_CHARS = 24
PARTICLE_STARTS = frozenset("은는이가을를과와의에로으도만까부처보나랑께서측씨들엔")
_HANGUL_RUN = re.compile("[가-힣]+")


def coarse_label(fine_label: str) -> str | None:
    """KLUE's coarse label for a KoNEC fine label (``PS_NAME`` → ``PS``), or None for the
    classes KLUE leaves unlabelled (civilisation terms, artefacts, animals, …)."""
    prefix = fine_label.split("_", 1)[0]
    if prefix in {"PS", "DT", "TI", "QT"}:
        return prefix
    if prefix.startswith("OG"):
        return "OG"
    if prefix.startswith("LC"):
        return "LC"
    return None


def read_form_labels(path: Path) -> dict[str, Counter[str]]:
    """Train-set counts of each entity form by our label."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t")
        next(rows)
        for row in rows:
            form, fine_label, train_freq = row[0], row[1], int(row[4])
            coarse = coarse_label(fine_label)
            if coarse is None or train_freq == 0 or not MIN_FORM_CHARS <= len(form) <= MAX_FORM_CHARS:
                continue
            forms[form][label_for_klue(coarse, form)] += train_freq
    return dict(forms)


def _starts_word(text: str, start: int) -> bool:
    return start == 0 or not (text[start - 1].isalnum())


def _ends_word(text: str, end: int) -> bool:
    """A form ends a word, or is followed by what reads as a particle (오픈AI는, 강릉에서),
    not by more of a compound (영동고속도로)."""
    if end == len(text):
        return True
    before, after = text[end - 1], text[end]
    if before.isdigit() and after.isdigit():
        return False
    if before.isascii() and before.isalpha() and after.isascii() and after.isalpha():
        return False
    rest = _HANGUL_RUN.match(text, end)
    return rest is None or (rest.group()[0] in PARTICLE_STARTS and len(rest.group()) <= 4)


def _candidates(text: str, forms: dict[str, object]) -> Iterable[tuple[int, int]]:
    for start in range(len(text)):
        if not _starts_word(text, start):
            continue
        for end in range(min(len(text), start + MAX_FORM_CHARS), start + MIN_FORM_CHARS - 1, -1):
            if text[start:end] in forms and _ends_word(text, end):
                yield start, end


class SilverLabeller:
    """Labels sentences with the reliable KoNEC forms."""

    def __init__(self, forms: dict[str, Counter[str]], sentences: list[str], min_precision: float = 0.6) -> None:
        occurrences: Counter[str] = Counter()
        for text in sentences:
            occurrences.update(text[start:end] for start, end in _candidates(text, forms))
        self.labels: dict[str, str] = {}
        for form, counts in forms.items():
            label = counts.most_common(1)[0][0]
            if occurrences[form] and sum(counts.values()) / occurrences[form] >= min_precision:
                self.labels[form] = label

    def __call__(self, sentence_id: str, text: str) -> LabelledText:
        spans: list[tuple[int, int, str]] = []
        taken_until = 0
        for start, end in _candidates(text, self.labels):
            if start >= taken_until:
                spans.append((start, end, self.labels[text[start:end]]))
                taken_until = end
        return LabelledText(sentence_id, text, tuple(_join_places(text, spans)))


def _join_places(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Join names as KLUE annotates them: a place and the place or organization written after
    it, one space apart, are one span (경남 진해 → LOC, 일본 마이니치신문 → ORG)."""
    joined: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        if joined:
            p_start, p_end, p_label = joined[-1]
            if p_label == "LOC" and label in {"LOC", "ORG"} and text[p_end:start] == " ":
                joined[-1] = (p_start, end, label)
                continue
        joined.append((start, end, label))
    return joined
