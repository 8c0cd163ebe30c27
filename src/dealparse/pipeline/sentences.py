"""Sentence boundaries for Korean news: line breaks and sentence-final punctuation."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

_CLOSERS = frozenset("'\"’”」』)]")


class NewsSentencizer:
    """Start a sentence after a line break, and after ``.?!`` (Kiwi tag SF) followed by a space."""

    def __call__(self, doc: Doc) -> Doc:
        for i, token in enumerate(doc):
            if i == 0:
                token.is_sent_start = True
                continue
            prev = doc[i - 1]
            if token.is_space:
                token.is_sent_start = False
            elif prev.is_space:
                token.is_sent_start = "\n" in prev.text or (i > 1 and _ends_sentence(doc[i - 2]))
            else:
                token.is_sent_start = (
                    _ends_sentence(prev) and bool(prev.whitespace_) and token.text not in _CLOSERS
                )
        return doc


def _ends_sentence(token) -> bool:
    return token.tag_.startswith("SF") or token.text in {"?", "!", "."}


@Language.factory("dealparse_sentences")
def make_news_sentencizer(nlp: Language, name: str) -> NewsSentencizer:
    """Factory of :class:`NewsSentencizer`."""
    return NewsSentencizer()
