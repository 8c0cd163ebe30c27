"""The public entry points: load a pipeline once, extract events from one or many texts."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import re
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TypeVar

import spacy
from pydantic import BaseModel
from spacy.language import Language
from spacy.tokens import Doc

import dealparse.pipeline  # noqa: F401 - registers the components' factories
from dealparse.boilerplate import mask_boilerplate
from dealparse.dates import coerce_published, detect_published
from dealparse.errors import DealparseError, InvalidInputError, ModelNotFoundError
from dealparse.events import Entity, Event, ExtractionResult
from dealparse.ops import cpu_ops, one_blas_thread
from dealparse.values import DateValue, Precision

T = TypeVar("T")

MAX_CHARS = 50_000_000
"""Longest text accepted by :meth:`Extractor.extract` (a setting: longer ones raise
``InvalidInputError``; memory stays bounded below it, see :data:`WINDOW_CHARS`)."""
WINDOW_CHARS = 20_000
"""Texts longer than this are read in windows of at most this many characters, cut at a line
break (else a sentence end, else a space) in the window's second half; each window runs
through the whole pipeline, so time grows linearly with the text and memory does not grow.
An event of a window with the type, parties, date and amount of one found in an earlier
window is that event (as one pass merges a deal told twice); events without parties are all
kept."""

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
    """A loaded dealparse pipeline; reuse one instance for many documents.

    ``model`` is what :func:`load` was given (None for the default): worker processes load
    the same pipeline from it (``extract_many(..., n_process=N)``). An extractor made from a
    bare ``nlp`` has none and runs in one process."""

    def __init__(self, nlp: Language, model: str | None = None, reloadable: bool = False) -> None:
        self.nlp = nlp
        self.model = model
        self.reloadable = reloadable

    def _prepare(self, text: str, published: Published) -> Doc | None:
        """The doc of a checked text (:func:`_check_text`), or None for one without Hangul."""
        published_date = coerce_published(published)
        if not _HANGUL.search(text):
            return None
        doc = self.nlp.make_doc(mask_boilerplate(text))
        doc._.published = published_date
        return doc

    def extract(self, text: str, published: Published = None, id: str | None = None) -> ExtractionResult:
        """Events and entities of one article. ``published`` resolves relative dates (지난 26일);
        when it is None the date printed in the article (등록 2024.11.27) is used if found."""
        text = _check_text(text)
        if len(text) > WINDOW_CHARS:
            return self._extract_windows(text, published, id)
        doc = self._prepare(text, published)
        if doc is None:
            return ExtractionResult(id=id)
        for _, component in self.nlp.pipeline:
            doc = component(doc)
        return _result(doc, id, text)

    def _extract_windows(self, text: str, published: Published, id: str | None) -> ExtractionResult:
        """A long text read window by window (:data:`WINDOW_CHARS`), offsets into ``text``."""
        date = coerce_published(published)
        if date is None:
            found = detect_published(text[:WINDOW_CHARS])
            date = found.date if found else None
        events: list[Event] = []
        entities: list[Entity] = []
        seen: set[tuple[str, frozenset[str], str | None, Decimal | None]] = set()
        for start, end in windows(text, WINDOW_CHARS):
            part = self.extract(text[start:end], date, id)
            entities.extend(_shifted(e, start) for e in part.entities)
            fresh = []
            for event in part.events:
                parties = frozenset(p.key for p in event.participants)
                amount = event.amount.value if event.amount else None
                key = (event.type, parties, event.date.iso if event.date else None, amount)
                if not parties or key not in seen:  # the same deal told again in a later window is one event
                    fresh.append(key)
                    events.append(_shifted(event, start))
            seen.update(fresh)
        return ExtractionResult(
            id=id, published=DateValue.of(date, Precision.DAY) if date else None, events=events, entities=entities
        )

    def extract_many(
        self,
        texts: Iterable[Article],
        published: Published = None,
        batch_size: int = 8,
        n_process: int = 1,
    ) -> Iterator[ExtractionResult]:
        """Results for many articles, in input order; the first bad article raises its
        :class:`~dealparse.errors.DealparseError` (:meth:`outcomes` goes on instead).

        Items are texts, ``(text, published)`` pairs or ``(text, published, id)`` triples;
        ``published`` is the default date. Each result carries its item's id. With
        ``n_process`` > 1 the whole extraction runs in that many processes, ``batch_size``
        articles at a time: this one and ``n_process - 1`` spawned workers, each loading the
        pipeline and its own Kiwi; the results are the same as in one process.
        """
        for outcome in self.outcomes(texts, published, batch_size, n_process):
            if isinstance(outcome, DealparseError):
                raise outcome
            yield outcome

    def outcomes(
        self,
        texts: Iterable[Article],
        published: Published = None,
        batch_size: int = 8,
        n_process: int = 1,
    ) -> Iterator[ExtractionResult | DealparseError]:
        """Like :meth:`extract_many`, but a bad article yields its error and the rest go on."""
        if n_process < 1 or batch_size < 1:
            raise InvalidInputError("n_process and batch_size must be 1 or more")
        items = (_unpack_or_error(item, published) for item in texts)
        if n_process == 1:
            for chunk in _chunks(items, batch_size):
                yield from self._batch(chunk, batch_size)
            return
        if not self.reloadable:
            raise InvalidInputError("n_process > 1 needs an extractor from dealparse.load(), which workers can load")
        yield from _in_workers(self, items, batch_size, n_process)


    def _batch(
        self, chunk: list[tuple[object, Published, str | None]], batch_size: int
    ) -> list[ExtractionResult | DealparseError]:
        """One chunk through ``nlp.pipe`` (batched matrix products), each outcome in place."""
        prepared: list[tuple[Doc, str, str | None] | ExtractionResult | DealparseError] = []
        for raw, date, article_id in chunk:
            if isinstance(raw, DealparseError):  # an item that was not an article
                prepared.append(raw)
                continue
            try:
                text = _check_text(raw)
                if len(text) > WINDOW_CHARS:
                    prepared.append(self._extract_windows(text, date, article_id))
                    continue
                doc = self._prepare(text, date)
            except DealparseError as error:
                prepared.append(error)
                continue
            prepared.append(ExtractionResult(id=article_id) if doc is None else (doc, text, article_id))
        docs = iter(self.nlp.pipe([p[0] for p in prepared if isinstance(p, tuple)], batch_size=batch_size))
        return [_result(next(docs), p[2], p[1]) if isinstance(p, tuple) else p for p in prepared]


def windows(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` windows of ``text`` of at most ``size`` characters, each cut at the last
    line break in its second half, else the last sentence end (``. ``), else the last space."""
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            half = start + size // 2
            for mark in ("\n", ". ", " "):
                cut = text.rfind(mark, half, end)
                if cut >= 0:
                    end = cut + len(mark)
                    break
        spans.append((start, end))
        start = end
    return spans


M = TypeVar("M", bound=BaseModel)


def _shifted(value: M, offset: int) -> M:
    """A copy of a result model with every ``start``/``end`` offset moved by ``offset``."""

    def shift(data: object) -> object:
        if isinstance(data, dict):
            return {
                k: v + offset if k in {"start", "end"} and isinstance(v, int) else shift(v) for k, v in data.items()
            }
        if isinstance(data, list):
            return [shift(x) for x in data]
        return data

    return type(value).model_validate(shift(value.model_dump()))


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_WORKER: Extractor | None = None


def _start_worker(model: str | None) -> None:
    global _WORKER
    one_blas_thread()
    _WORKER = load(model)


def _extract_chunk(chunk: list[tuple[object, Published, str | None]]) -> list[ExtractionResult | DealparseError]:
    assert _WORKER is not None, "the worker was not started"
    return list(_WORKER.outcomes(chunk))


Outcomes = list[ExtractionResult | DealparseError]


def _in_workers(
    extractor: Extractor,
    items: Iterable[tuple[object, Published, str | None]],
    batch_size: int,
    n_process: int,
) -> Iterator[ExtractionResult | DealparseError]:
    """Outcomes from ``n_process`` processes, in input order: ``n_process - 1`` spawned workers
    and this one (its pipeline is loaded already). A chunk goes to a worker while fewer than
    two per worker are queued, else this process reads it itself (so it also works while
    the workers start); at most :data:`_BUFFERED` chunks per process wait to be returned in
    order, so memory stays bounded on endless input. Each process multiplies on one BLAS
    thread (:func:`~dealparse.ops.one_blas_thread`)."""
    context = multiprocessing.get_context("spawn")  # Kiwi hangs in a child forked after it ran
    workers = n_process - 1
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(extractor.model,)) as pool:
        pending: deque[Future[Outcomes] | Outcomes] = deque()
        for chunk in _chunks(items, batch_size):
            queued = sum(1 for p in pending if isinstance(p, Future) and not p.done())
            if queued < 2 * workers:
                pending.append(pool.submit(_extract_chunk, chunk))
            else:
                with one_blas_thread():  # the workers have the other cores
                    pending.append(extractor._batch(chunk, batch_size))
            while pending and (isinstance(pending[0], list) or pending[0].done() or len(pending) > _BUFFERED * n_process):
                yield from _outcomes(pending.popleft())
        while pending:
            yield from _outcomes(pending.popleft())


def _outcomes(chunk: Future[Outcomes] | Outcomes) -> Outcomes:
    """A chunk's outcomes, read here or waited for from its worker."""
    return chunk if isinstance(chunk, list) else chunk.result()


_BUFFERED = 8


def _unpack_or_error(item: object, published: Published) -> tuple[object, Published, str | None]:
    """:func:`_unpack`, or the error in the text's place (its article's outcome)."""
    try:
        return _unpack(item, published)
    except InvalidInputError as error:
        return error, None, None


def _unpack(item: object, published: Published) -> tuple[object, Published, str | None]:
    if not isinstance(item, tuple):
        return item, published, None
    if len(item) == 2:
        return item[0], item[1], None
    if len(item) == 3:
        return item[0], item[1], item[2]
    raise InvalidInputError(f"an article is a text, (text, published) or (text, published, id), not {len(item)} items")


def _result(doc: Doc, id: str | None, text: str) -> ExtractionResult:
    """The typed result of a processed doc; evidence quotes ``text`` (the checked text, whose
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
    return Extractor(load_pipeline(shipped) if shipped is not None else build_rules_pipeline(), None, reloadable=True)


@cache
def _rules_extractor() -> Extractor:
    return Extractor(build_rules_pipeline(), "rules", reloadable=True)


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
    return Extractor(load_pipeline(path), str(path.resolve()), reloadable=True)


def extract(text: str, published: Published = None, id: str | None = None) -> ExtractionResult:
    """Events and entities of one article with the default pipeline (see :meth:`Extractor.extract`)."""
    return load().extract(text, published, id)


def extract_many(
    texts: Iterable[Article], published: Published = None, batch_size: int = 8, n_process: int = 1
) -> Iterator[ExtractionResult]:
    """Results for many articles with the default pipeline (see :meth:`Extractor.extract_many`)."""
    return load().extract_many(texts, published, batch_size, n_process)
