"""The public entry points: load a pipeline once, extract events from one or many texts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import dealparse.pipeline  # noqa: F401 - registers the components' factories
from dealparse.boilerplate import mask_boilerplate
from dealparse.dates import coerce_published
from dealparse.errors import InvalidInputError, ModelNotFoundError
from dealparse.events import Entity, Event, ExtractionResult
from dealparse.ops import cpu_ops
from dealparse.values import DateValue, Precision

MAX_CHARS = 1_000_000
"""Longest text accepted by :meth:`Extractor.extract`; split longer ones into articles."""

_HANGUL = re.compile(r"[가-힣]")

Published = dt.date | dt.datetime | str | DateValue | None
Article = str | tuple[str, Published] | tuple[str, Published, str | None]
"""One input of :meth:`Extractor.extract_many`: a text, ``(text, published)`` or ``(text, published, id)``."""


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_text(text: object) -> str:
    """The text to read: a lone surrogate (no character, cannot be encoded) becomes U+FFFD,
    one for one, so offsets still refer to the text given."""
    if not isinstance(text, str):
        raise InvalidInputError(f"text must be a str, not {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise InvalidInputError(
            f"text has {len(text):,} characters; the limit is {MAX_CHARS:,}. Split it into articles."
        )
    return _LONE_SURROGATE.sub("\ufffd", text)


class Extractor:
    """A loaded dealparse pipeline; reuse one instance for many documents."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def _prepare(self, text: object, published: Published) -> Doc | None:
        text = _check_text(text)
        published_date = coerce_published(published)
        if not _HANGUL.search(text):
            return None
        doc = self.nlp.make_doc(mask_boilerplate(text))
        doc._.published = published_date
        return doc

    def extract(self, text: str, published: Published = None, id: str | None = None) -> ExtractionResult:
        """Events and entities of one article. ``published`` resolves relative dates (지난 26일);
        when it is None the date printed in the article (등록 2024.11.27) is used if found."""
        doc = self._prepare(text, published)
        if doc is None:
            return ExtractionResult(id=id)
        for _, component in self.nlp.pipeline:
            doc = component(doc)
        return _result(doc, id, text)

    def extract_many(
        self,
        texts: Iterable[Article],
        published: Published = None,
        batch_size: int = 32,
        n_process: int = 1,
    ) -> Iterator[ExtractionResult]:
        """Results for many articles, in order, streamed through ``nlp.pipe``.

        Items are texts, ``(text, published)`` pairs or ``(text, published, id)`` triples;
        ``published`` is the default date. Each result carries its item's id.
        """

        def docs() -> Iterator[tuple[Doc | None, str | None, str]]:
            for item in texts:
                text, date, article_id = _unpack(item, published)
                yield self._prepare(text, date), article_id, text  # type: ignore[misc]

        pending: list[tuple[Doc | None, str | None, str]] = []
        for doc, article_id, text in docs():
            pending.append((doc, article_id, text))
            if len(pending) >= batch_size:
                yield from self._run(pending, batch_size, n_process)
                pending = []
        yield from self._run(pending, batch_size, n_process)

    def _run(
        self, batch: list[tuple[Doc | None, str | None, str]], batch_size: int, n_process: int
    ) -> Iterator[ExtractionResult]:
        real = [doc for doc, _, _ in batch if doc is not None]
        processed = iter(self.nlp.pipe(real, batch_size=batch_size, n_process=n_process))
        for doc, article_id, text in batch:
            yield ExtractionResult(id=article_id) if doc is None else _result(next(processed), article_id, text)


def _unpack(item: object, published: Published) -> tuple[object, Published, str | None]:
    if not isinstance(item, tuple):
        return item, published, None
    if len(item) == 2:
        return item[0], item[1], None
    if len(item) == 3:
        return item[0], item[1], item[2]
    raise InvalidInputError(f"an article is a text, (text, published) or (text, published, id), not {len(item)} items")


def _result(doc: Doc, id: str | None, text: str) -> ExtractionResult:
    """The typed result of a processed doc; evidence quotes ``text`` (the text given, whose
    page furniture the doc had blanked)."""
    published = doc._.published
    canonical = {(m.start, m.end): m.canonical for m in doc._.orgs or []}
    entities = [
        Entity(
            text=e.text,
            label=e.label_,
            start=e.start_char,
            end=e.end_char,
            canonical=canonical.get((e.start_char, e.end_char)),
        )
        for e in doc.ents
    ]
    return ExtractionResult(
        id=id,
        published=DateValue.of(published, Precision.DAY) if published else None,
        events=[_quoting(event, text) for event in doc._.events or []],
        entities=entities,
    )


def _quoting(event: Event, text: str) -> Event:
    evidence = event.evidence
    if evidence is None or text[evidence.start : evidence.end] == evidence.text:
        return event
    return event.model_copy(update={"evidence": evidence.model_copy(update={"text": text[evidence.start : evidence.end]})})


def rules_config_path() -> Path:
    """The config of the rule-based pipeline shipped with the package."""
    return Path(str(resources.files("dealparse").joinpath("configs", "rules.cfg")))


def build_rules_pipeline() -> Language:
    """The pipeline of ``configs/rules.cfg`` (Kiwi tokenizer and rule components)."""
    config = spacy.util.load_config(rules_config_path())
    return spacy.util.load_model_from_config(config, auto_fill=True, validate=True)


def load_pipeline(path: Path) -> Language:
    """A saved pipeline, its neural components on dealparse's CPU backend (:mod:`dealparse.ops`)."""
    with cpu_ops():
        return spacy.load(path)


SHIPPED_MODEL = "dealparse_ko"


def shipped_model_path() -> Path | None:
    """The trained pipeline shipped in ``models/`` (package ``dealparse_models``), if present."""
    path = Path(str(resources.files("dealparse_models").joinpath(SHIPPED_MODEL)))
    return path if (path / "config.cfg").is_file() else None


@cache
def _default_extractor() -> Extractor:
    shipped = shipped_model_path()
    return Extractor(load_pipeline(shipped) if shipped is not None else build_rules_pipeline())


@cache
def _rules_extractor() -> Extractor:
    return Extractor(build_rules_pipeline())


def load(model: str | Path | None = None) -> Extractor:
    """An :class:`Extractor`, loaded once per process for the built-in choices.

    ``model`` is None for the default (the trained pipeline in ``models/``, or the rules
    alone when none is shipped), ``"rules"`` for the rule-based pipeline without the NER
    model, or the path of a pipeline saved by ``dealparse train`` / ``nlp.to_disk``.
    """
    if model is None:
        return _default_extractor()
    if str(model) == "rules":
        return _rules_extractor()
    path = Path(model)
    if not path.exists():
        raise ModelNotFoundError(f"no pipeline at {path}")
    return Extractor(load_pipeline(path))


def extract(text: str, published: Published = None, id: str | None = None) -> ExtractionResult:
    """Events and entities of one article with the default pipeline (see :meth:`Extractor.extract`)."""
    return load().extract(text, published, id)


def extract_many(
    texts: Iterable[Article], published: Published = None, batch_size: int = 32, n_process: int = 1
) -> Iterator[ExtractionResult]:
    """Results for many articles with the default pipeline (see :meth:`Extractor.extract_many`)."""
    return load().extract_many(texts, published, batch_size, n_process)
