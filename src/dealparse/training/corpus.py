"""Turn labelled texts into spaCy ``DocBin`` files tokenized by the Kiwi tokenizer."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.training import Example

from dealparse.errors import InvalidInputError
from dealparse.training.klue import LabelledText


@dataclass
class AlignmentCount:
    """How many spans fell on token boundaries and how many could not be placed."""

    aligned: int = 0
    misaligned: int = 0


CORPUS_ATTRS = ["ORTH", "TAG", "LEMMA", "ENT_IOB", "ENT_TYPE", "SPACY"]
"""What the corpora keep of each token: text, Kiwi tag and form, entity labels, spacing."""

NAME_TAG_PREFIXES = ("NNP", "SL", "SH", "SN", "NR")
"""Kiwi tags that can make a word part of a name or number (proper nouns, Latin and Chinese
script, numerals)."""
NOUN_TAG_PREFIXES = ("NN", "NR", "NP", "SL", "SH", "SN", "SW", "XR", "XSN")


def to_doc(
    nlp: Language,
    item: LabelledText,
    doc: Doc | None = None,
    counts: AlignmentCount | None = None,
    partial: bool = False,
) -> Doc:
    """A tokenized doc whose ``ents`` are the item's spans that fall on token boundaries.

    Spans that cut through a token are left out (and counted), and the tokens they touch are
    *missing*: no label is taught there rather than a wrong ``O``. The rest of the doc is ``O``;
    with ``partial`` (silver labels that list only the names they know), the nouns of a word
    (a whitespace-delimited run of tokens) that holds a proper noun, Latin or Chinese script
    or a number and no known span are *missing*: training neither rewards nor punishes a guess
    there. Common-noun words, particles, endings, verbs and punctuation stay ``O``.
    """
    doc = doc if doc is not None else nlp.make_doc(item.text)
    entities = []
    cut: list[Span] = []
    for start, end, label in item.spans:
        span = doc.char_span(start, end, label=label)
        if span is None:
            if counts is not None:
                counts.misaligned += 1
            expanded = doc.char_span(start, end, alignment_mode="expand")
            if expanded is not None:
                cut.append(expanded)
            continue
        if counts is not None:
            counts.aligned += 1
        entities.append(span)
    doc.set_ents(entities, default="outside")
    missing = {t.i for span in cut for t in span if t.ent_iob_ == "O"}
    if partial:
        missing.update(_unknown_name_tokens(doc))
    if missing:
        doc.set_ents([], missing=[doc[i : i + 1] for i in sorted(missing)], default="unmodified")
    return doc


def _unknown_name_tokens(doc: Doc) -> list[int]:
    """Token indices of the nouns of words that may hold a name nobody labelled."""
    unknown: list[int] = []
    word: list[int] = []
    for token in doc:
        word.append(token.i)
        if token.whitespace_ or token.i == len(doc) - 1:
            tokens = [doc[i] for i in word]
            if not any(t.ent_iob_ in {"B", "I"} for t in tokens) and any(
                t.tag_.startswith(NAME_TAG_PREFIXES) for t in tokens
            ):
                unknown.extend(t.i for t in tokens if t.tag_.startswith(NOUN_TAG_PREFIXES))
            word = []
    return unknown


def tokens_only(doc: Doc) -> Doc:
    """A copy of ``doc``'s tokens, spacing, Kiwi tags and forms, without entity annotation."""
    return Doc(
        doc.vocab,
        words=[t.text for t in doc],
        spaces=[bool(t.whitespace_) for t in doc],
        tags=[t.tag_ for t in doc],
        lemmas=[t.lemma_ for t in doc],
    )


def write_docbin(
    nlp: Language, items: Iterable[LabelledText], path: Path, partial: bool = False, copies: int = 1
) -> AlignmentCount:
    """Tokenize ``items`` and save them to ``path`` as a ``DocBin`` (``partial``: see :func:`to_doc`),
    all of them ``copies`` times in a row (tokenized once; counted once)."""
    items = list(items)
    counts = AlignmentCount()
    docs = [
        to_doc(nlp, item, doc, counts, partial)
        for item, doc in zip(items, nlp.tokenizer.pipe(item.text for item in items), strict=True)
    ]
    save_docs(docs, path, copies)
    return counts


def save_docs(docs: list[Doc], path: Path, copies: int = 1) -> None:
    """Save ``docs`` to ``path`` as a ``DocBin`` of :data:`CORPUS_ATTRS`, ``copies`` times in a row."""
    docbin = DocBin(attrs=CORPUS_ATTRS, store_user_data=False)
    for doc in docs * copies:
        docbin.add(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    docbin.to_disk(path)


class PretokenizedCorpus:
    """Examples from ``.spacy`` files whose docs were tokenized by the Kiwi tokenizer.

    spaCy's own corpus reader re-tokenizes every text each epoch; this one copies the stored
    tokens with their Kiwi tags (the model embeds them), which is the same and much faster.
    """

    def __init__(self, path: Path, limit: int = 0) -> None:
        self.paths = sorted(path.rglob("*.spacy")) if path.is_dir() else [path]
        self.limit = limit

    def __call__(self, nlp: Language) -> Iterator[Example]:
        count = 0
        for path in self.paths:
            for reference in DocBin().from_disk(path).get_docs(nlp.vocab):
                yield Example(tokens_only(reference), reference)
                count += 1
                if self.limit and count >= self.limit:
                    return


@spacy.registry.readers("dealparse.PretokenizedCorpus.v1")
def create_pretokenized_corpus(path: Path | None, limit: int = 0) -> Callable[[Language], Iterator[Example]]:
    """Registered reader: ``@readers = "dealparse.PretokenizedCorpus.v1"``."""
    if path is None:
        raise InvalidInputError("the corpus path is not set (paths.train / paths.dev)")
    return PretokenizedCorpus(Path(path), limit)
