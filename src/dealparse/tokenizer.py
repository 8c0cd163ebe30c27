"""A spaCy tokenizer for Korean built on Kiwi morphemes (``dealparse.KiwiTokenizer.v1``).

Kiwi splits 오픈AI는 into 오픈 / AI / 는, so entity spans fall on token boundaries, and
spaCy's own Korean tokenizer (which needs mecab) is never created. Rules that keep
``doc.text == text`` for any ``str`` spaCy can hold (anything but lone surrogates):

* Each Kiwi morpheme becomes a token with Kiwi's tag in ``tag_`` and its form in ``lemma_``.
* Morphemes sharing characters (했 = 하/XSV + 었/EP) become one token covering their union,
  tags and forms joined with ``+`` (``XSV+EP``, ``하+었``).
* Zero-length morphemes (the dropped copula in 오픈AI다) are ignored.
* Whitespace follows spaCy: one space after a token sets ``whitespace_``; any other run of
  whitespace (tabs, line breaks, NBSP, extra spaces, and the zero-width U+200B and U+FEFF)
  is a token tagged ``_SP`` with ``is_space`` true.
* Other characters Kiwi skips become a token tagged ``SW``.

Long texts are cut into pieces of at most ``max_chunk_chars`` (at line breaks, else sentence
ends, else spaces, else anywhere) that Kiwi tokenizes as one batch; offsets are shifted back,
so time stays linear in the text length.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

DEFAULT_MAX_CHUNK_CHARS = 1000
SPACE_TAG = "_SP"
SKIPPED_TAG = "SW"

Morpheme = tuple[int, int, str, str]  # start, end, tag, form

_kiwis: dict[bool, Kiwi] = {}
_kiwi_lock = threading.Lock()

# Whitespace to Python but not to Kiwi (\x1c-\x1f), and zero-width spaces Kiwi reads as words:
# shown to Kiwi as plain spaces (same length, so offsets still refer to the original text).
_ZERO_WIDTH_SPACES = "\u200b\ufeff"
_KIWI_HIDDEN = re.compile(f"[\x1c-\x1f{_ZERO_WIDTH_SPACES}]")
_GAP_PART = re.compile(f"[\\s{_ZERO_WIDTH_SPACES}]+|[^\\s{_ZERO_WIDTH_SPACES}]+")
_SENTENCE_END = re.compile(r"[.?!。？！…][\"'”’)\]]*\s")
_ANY_SPACE = re.compile(r"\s")


def get_kiwi(multi_word_dict: bool = False) -> Kiwi:
    """The process's Kiwi instance, created on first use (it takes ~1-5 s and ~500 MB).

    ``multi_word_dict``: also load Kiwi's dictionary of multi-word proper nouns (WikiData):
    it doubles Kiwi's loading time (2.3 → 4.8 s measured) for no measured gain in NER or events.
    """
    kiwi = _kiwis.get(multi_word_dict)
    if kiwi is None:
        with _kiwi_lock:
            kiwi = _kiwis.get(multi_word_dict)
            if kiwi is None:
                from kiwipiepy import Kiwi

                kiwi = _kiwis[multi_word_dict] = Kiwi(load_multi_dict=multi_word_dict)
    return kiwi


def split_chunks(text: str, max_chars: int = DEFAULT_MAX_CHUNK_CHARS) -> list[tuple[int, str]]:
    """Cut ``text`` into (offset, piece) pairs of at most ``max_chars`` characters.

    A piece ends after its last line break, else after its last sentence end, else after
    its last whitespace, else at the limit. Concatenating the pieces gives back ``text``.
    """
    chunks: list[tuple[int, str]] = []
    start, n = 0, len(text)
    while start < n:
        end = min(start + max_chars, n)
        if end < n:
            end = _cut(text, start, end)
        chunks.append((start, text[start:end]))
        start = end
    return chunks


def _cut(text: str, start: int, end: int) -> int:
    """Where a piece of ``text[start:end]`` (too short for the rest) should end."""
    newline = text.rfind("\n", start, end)
    if newline >= start:
        return newline + 1
    for pattern in (_SENTENCE_END, _ANY_SPACE):
        matches = list(pattern.finditer(text, start, end))
        if matches:
            return matches[-1].end()
    return end


class KiwiTokenizer:
    """Tokenize Korean text into Kiwi morphemes as spaCy tokens, tagged with Kiwi's POS tags."""

    def __init__(
        self, vocab: Vocab, max_chunk_chars: int = DEFAULT_MAX_CHUNK_CHARS, multi_word_dict: bool = False
    ) -> None:
        if max_chunk_chars < 1:
            raise ValueError("max_chunk_chars must be positive")
        self.vocab = vocab
        self.max_chunk_chars = max_chunk_chars
        self.multi_word_dict = multi_word_dict

    def __call__(self, text: str) -> Doc:
        """Tokenize one text."""
        return self._tokenize_batch([text])[0]

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
        """Tokenize many texts; the pieces of ``batch_size`` texts go to Kiwi together."""
        batch: list[str] = []
        for text in texts:
            batch.append(text)
            if len(batch) >= batch_size:
                yield from self._tokenize_batch(batch)
                batch = []
        if batch:
            yield from self._tokenize_batch(batch)

    def _tokenize_batch(self, texts: list[str]) -> list[Doc]:
        pieces: list[tuple[int, int, str]] = []  # text index, offset, piece
        for index, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"KiwiTokenizer needs str input, not {type(text).__name__}")
            shown = _KIWI_HIDDEN.sub(" ", text)
            pieces.extend(
                (index, offset, piece)
                for offset, piece in split_chunks(shown, self.max_chunk_chars)
                if not piece.isspace()
            )
        morphemes: list[list[Morpheme]] = [[] for _ in texts]
        if pieces:
            results = get_kiwi(self.multi_word_dict).tokenize([piece for _, _, piece in pieces])
            for (index, offset, _), tokens in zip(pieces, results, strict=True):
                morphemes[index].extend(
                    (offset + t.start, offset + t.start + t.len, t.tag, t.form) for t in tokens if t.len
                )
        return [self._make_doc(text, found) for text, found in zip(texts, morphemes, strict=True)]

    def _make_doc(self, text: str, morphemes: list[Morpheme]) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        tags: list[str] = []
        lemmas: list[str] = []

        def add_gap(gap: str) -> None:
            """Text between morphemes: whitespace runs and characters Kiwi skipped."""
            if gap[0] == " " and words and not spaces[-1]:
                spaces[-1] = True
                gap = gap[1:]
            for part in _GAP_PART.findall(gap):
                is_space = part[0].isspace() or part[0] in _ZERO_WIDTH_SPACES
                if is_space and not part.isspace():
                    self.vocab[part].is_space = True  # zero-width spaces
                words.append(part)
                spaces.append(False)
                tags.append(SPACE_TAG if is_space else SKIPPED_TAG)
                lemmas.append(part)

        pos = 0
        for start, end, tag, form in _merge_overlaps(morphemes):
            if start > pos:
                add_gap(text[pos:start])
            words.append(text[start:end])
            spaces.append(False)
            tags.append(tag)
            lemmas.append(form)
            pos = end
        if pos < len(text):
            add_gap(text[pos:])
        return Doc(self.vocab, words=words, spaces=spaces, tags=tags, lemmas=lemmas)

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """Nothing to serialize: the settings live in the pipeline's config."""
        return b""

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> KiwiTokenizer:
        """Nothing to restore (see ``to_bytes``)."""
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Nothing to write (see ``to_bytes``)."""

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> KiwiTokenizer:
        """Nothing to read (see ``to_bytes``)."""
        return self


def _merge_overlaps(morphemes: list[Morpheme]) -> list[Morpheme]:
    """Join morphemes that share characters (했 = 하 + 었) into one ``(start, end, tag, form)``."""
    morphemes.sort(key=itemgetter(0))  # stable, so 하 stays before 었; linear on Kiwi's order
    merged: list[Morpheme] = []
    for start, end, tag, form in morphemes:
        if merged and start < merged[-1][1]:
            p_start, p_end, p_tag, p_form = merged[-1]
            merged[-1] = (p_start, max(p_end, end), f"{p_tag}+{tag}", f"{p_form}+{form}")
        else:
            merged.append((start, end, tag, form))
    return merged


@spacy.registry.tokenizers("dealparse.KiwiTokenizer.v1")
def create_kiwi_tokenizer(
    max_chunk_chars: int = DEFAULT_MAX_CHUNK_CHARS, multi_word_dict: bool = False
) -> Callable[[Language], KiwiTokenizer]:
    """Registered tokenizer factory: ``[nlp.tokenizer] @tokenizers = "dealparse.KiwiTokenizer.v1"``.

    ``multi_word_dict = true`` adds Kiwi's multi-word proper-noun dictionary (Kiwi then loads
    in about twice the time; a few multi-word names are split differently).
    """

    def make(nlp: Language) -> KiwiTokenizer:
        return KiwiTokenizer(nlp.vocab, max_chunk_chars, multi_word_dict)

    return make


def blank() -> Language:
    """A blank Korean pipeline with the Kiwi tokenizer.

    The config override replaces spaCy's mecab-based Korean tokenizer before it is built,
    so natto-py and mecab are never imported.
    """
    return spacy.blank("ko", config={"nlp": {"tokenizer": {"@tokenizers": "dealparse.KiwiTokenizer.v1"}}})
