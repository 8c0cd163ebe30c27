"""Sentence boundaries for Korean news: line breaks and sentence-final punctuation."""

from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token

_CLOSERS = frozenset("'\"’”」』)]")


class NewsSentencizer:
    """Start a sentence after a line break, and after ``.?!`` (Kiwi tag SF) followed by a space."""

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        starts = [1] + [-1] * (len(doc) - 1)
        for i in range(1, len(doc)):
            token, prev = doc[i], doc[i - 1]
            if token.is_space:
                continue
            if prev.is_space:
                begins = "\n" in prev.text or (i > 1 and _ends_sentence(doc[i - 2]))
            else:
                begins = _ends_sentence(prev) and bool(prev.whitespace_) and token.text not in _CLOSERS
            if begins:
                starts[i] = 1
        # One array write: setting token.is_sent_start one by one is quadratic in spaCy.
        doc.from_array([SENT_START], numpy.array(starts, dtype="int64").astype("uint64").reshape(-1, 1))
        return doc


def _ends_sentence(token: Token) -> bool:
    return token.tag_.startswith("SF") or token.text in {"?", "!", "."}


@Language.factory("dealparse_sentences")
def make_news_sentencizer(nlp: Language, name: str) -> NewsSentencizer:
    """Factory of :class:`NewsSentencizer`."""
    return NewsSentencizer()
