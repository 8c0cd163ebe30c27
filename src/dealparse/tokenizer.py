"""A spaCy tokenizer for Korean built on Kiwi morphemes (``dealparse.KiwiTokenizer.v1``).

Kiwi splits 오픈AI는 into 오픈 / AI / 는, so entity spans fall on token boundaries.
Contracted morphemes that share characters (했다 → 하 + 었 on one character) are merged
into one token tagged ``VV+EP``; zero-length morphemes (a dropped copula) are skipped;
characters Kiwi leaves out become their own tokens, and whitespace other than one space
after a token becomes whitespace tokens, so ``doc.text == text`` for any input.

Long texts are cut at line breaks (and, for very long lines, at sentence ends or hard
limits) and tokenized as a batch, which keeps Kiwi's speed linear in the text length.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

_kiwi: Any = None
_kiwi_lock = threading.Lock()

DEFAULT_MAX_CHUNK_CHARS = 2000
_SENTENCE_END = re.compile(r"(?<=[.?!다])\s+")


def get_kiwi() -> Any:
    """The process's single Kiwi instance, created on first use (it takes ~1 s and ~500 MB)."""
    global _kiwi
    if _kiwi is None:
        with _kiwi_lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                _kiwi = Kiwi()
    return _kiwi


def split_chunks(text: str, max_chars: int = DEFAULT_MAX_CHUNK_CHARS) -> list[tuple[int, str]]:
    """Cut ``text`` into (offset, piece) pairs of at most ``max_chars`` characters.

    Pieces end at line breaks where possible, else after a sentence end, else at the limit.
    Concatenating the pieces gives back ``text``.
    """
    chunks: list[tuple[int, str]] = []
    start = 0
    n = len(text)
    while start < n:
        end = min(start + max_chars, n)
        if end < n:
            cut = text.rfind("\n", start, end)
            if cut <= start:
                match = None
                for match in _SENTENCE_END.finditer(text, start, end):  # noqa: B007 - keep the last
                    pass
                cut = match.end() - 1 if match and match.end() - 1 > start else end - 1
            end = cut + 1
        chunks.append((start, text[start:end]))
        start = end
    return chunks


class KiwiTokenizer:
    """Tokenize Korean text into Kiwi morphemes as spaCy tokens, tagged with Kiwi's POS tags."""

    def __init__(self, vocab: Vocab, max_chunk_chars: int = DEFAULT_MAX_CHUNK_CHARS) -> None:
        if max_chunk_chars < 1:
            raise ValueError("max_chunk_chars must be positive")
        self.vocab = vocab
        self.max_chunk_chars = max_chunk_chars

    def __call__(self, text: str) -> Doc:
        return next(iter(self.pipe([text])))

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
        """Tokenize many texts; Kiwi processes the pieces of a batch together."""
        batch: list[str] = []
        for text in texts:
            batch.append(text)
            if len(batch) >= batch_size:
                yield from self._tokenize_batch(batch)
                batch = []
        if batch:
            yield from self._tokenize_batch(batch)

    def _tokenize_batch(self, texts: list[str]) -> Iterator[Doc]:
        pieces: list[tuple[int, int, str]] = []
        for index, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"KiwiTokenizer needs str input, not {type(text).__name__}")
            pieces.extend(
                (index, offset, piece) for offset, piece in split_chunks(text, self.max_chunk_chars)
            )
        morphemes: list[list[tuple[int, int, str, str]]] = [[] for _ in texts]
        to_tokenize = [(i, off, p) for i, off, p in pieces if p.strip()]
        if to_tokenize:
            results = get_kiwi().tokenize([p for _, _, p in to_tokenize])
            for (index, offset, _), tokens in zip(to_tokenize, results, strict=True):
                morphemes[index].extend(
                    (offset + t.start, offset + t.start + t.len, t.tag, t.form) for t in tokens if t.len > 0
                )
        for text, found in zip(texts, morphemes, strict=True):
            yield self._make_doc(text, found)

    def _make_doc(self, text: str, morphemes: list[tuple[int, int, str, str]]) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        tags: list[str] = []
        lemmas: list[str] = []
        merged = _merge_overlaps(morphemes)
        pos = 0

        def add_gap(start: int, end: int) -> None:
            """Text Kiwi did not cover: whitespace runs and skipped characters."""
            for match in re.finditer(r"\s+|\S+", text[start:end]):
                chunk = match.group()
                if chunk.isspace():
                    if words and not spaces[-1] and chunk[0] == " ":
                        spaces[-1] = True
                        chunk = chunk[1:]
                    if chunk:
                        words.append(chunk)
                        spaces.append(False)
                        tags.append("_SP")
                        lemmas.append(chunk)
                else:
                    words.append(chunk)
                    spaces.append(False)
                    tags.append("SW")
                    lemmas.append(chunk)

        for start, end, tag, form in merged:
            if start < pos:
                continue
            add_gap(pos, start)
            words.append(text[start:end])
            spaces.append(False)
            tags.append(tag)
            lemmas.append(form)
            pos = end
        add_gap(pos, len(text))
        doc = Doc(self.vocab, words=words, spaces=spaces)
        for token, tag, lemma in zip(doc, tags, lemmas, strict=True):
            token.tag_ = tag
            token.lemma_ = lemma
        return doc

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """The tokenizer has no state beyond its config; nothing to serialize."""
        return b""

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> KiwiTokenizer:
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Nothing to write: ``max_chunk_chars`` lives in the pipeline's config."""

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> KiwiTokenizer:
        return self


def _merge_overlaps(morphemes: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """Join morphemes that share characters (했 = 하 + 었) into one (start, end, tag, form)."""
    merged: list[tuple[int, int, str, str]] = []
    for start, end, tag, form in sorted(morphemes, key=lambda m: (m[0], m[1])):
        if merged and start < merged[-1][1]:
            p_start, p_end, p_tag, p_form = merged[-1]
            merged[-1] = (p_start, max(p_end, end), f"{p_tag}+{tag}", f"{p_form}+{form}")
        else:
            merged.append((start, end, tag, form))
    return merged


@spacy.registry.tokenizers("dealparse.KiwiTokenizer.v1")
def create_kiwi_tokenizer(
    max_chunk_chars: int = DEFAULT_MAX_CHUNK_CHARS,
) -> Callable[[Language], KiwiTokenizer]:
    """Registered tokenizer factory: ``[nlp.tokenizer] @tokenizers = "dealparse.KiwiTokenizer.v1"``."""

    def make(nlp: Language) -> KiwiTokenizer:
        return KiwiTokenizer(nlp.vocab, max_chunk_chars)

    return make


def blank() -> Language:
    """A blank Korean pipeline with the Kiwi tokenizer (no mecab needed)."""
    return spacy.blank("ko", config={"nlp": {"tokenizer": {"@tokenizers": "dealparse.KiwiTokenizer.v1"}}})
