"""Articles from files: plain text, JSON records, JSONL, and HTML pages, in the encodings
Korean files come in (UTF-8 with or without BOM, UTF-16, CP949/EUC-KR).

A problem with one file or line (it cannot be decoded, a line is not JSON, a ``published``
is not a date) is reported as ``file:line: message`` and the other articles are still read.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from dealparse.dates import coerce_published
from dealparse.errors import DealparseError, InvalidInputError

TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".json", ".jsonl"}
"""What a folder is searched for (in any case: ``.TXT`` is text too)."""
FALLBACK_ENCODING = "cp949"
"""Tried when a file without a byte-order mark is not UTF-8 (CP949 is a superset of EUC-KR)."""


@dataclass
class Article:
    """One input document."""

    id: str
    text: str
    published: str | None


@dataclass(frozen=True)
class InputProblem:
    """A file or line that could not be read, and why."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def decode(data: bytes, encoding: str | None = None) -> str:
    """The text of a file's bytes: ``encoding`` if given, else by byte-order mark, UTF-8,
    then CP949."""
    try:
        if encoding:
            return data.decode(encoding).removeprefix("\ufeff")
        if data.startswith(codecs.BOM_UTF8):
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode(FALLBACK_ENCODING)
    except LookupError:
        raise InvalidInputError(f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as error:
        tried = encoding or f"UTF-8, UTF-16 (with a byte-order mark) or {FALLBACK_ENCODING.upper()}"
        raise InvalidInputError(f"cannot be read as {tried} (byte {error.start}); pass --encoding") from None


class _TextOfPage(HTMLParser):
    """The visible text of an HTML page: no scripts, styles or markup; blocks on their own lines."""

    SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "head"})
    """Elements whose text is not shown (the page title is read apart, from ``<title>``)."""
    BLOCKS = frozenset(
        {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "title", "figcaption"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body" and "head" in self.skipping:  # </head> is optional
            self.skipping.remove("head")
        if tag == "title" and set(self.skipping) <= {"head"}:  # not an SVG's title
            self.in_title = True
        elif tag in self.SKIPPED:
            self.skipping.append(tag)
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif self.skipping and tag == self.skipping[-1]:
            self.skipping.pop()
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skipping:
            self.parts.append(data)

    def text(self) -> str:
        body = "".join(self.parts)
        lines = (" ".join(line.split()) for line in [" ".join("".join(self.title).split()), *body.split("\n")])
        return "\n".join(line for line in lines if line)


def html_text(markup: str) -> str:
    """The readable text of an HTML page (its title, then its body's text, one block a line);
    offsets of results refer to this text, not to the markup."""
    parser = _TextOfPage()
    parser.feed(markup)
    parser.close()
    return parser.text()


def _record(record: object, default_id: str, published: str | None) -> Article:
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise InvalidInputError("expected an object with a string 'text'")
    date = record.get("published") or published
    if date is not None:
        coerce_published(date)
    return Article(str(record.get("id") or default_id), record["text"], date)


def _read_file(path: Path, article_id: str, published: str | None, encoding: str | None) -> Iterator[Article]:
    """The articles of one file; raises :class:`InputProblems` for what it could not read."""
    text = decode(path.read_bytes(), encoding)
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        problems: list[InputProblem] = []
        for number, line in enumerate(text.split("\n"), 1):  # not splitlines: U+2028 may be in a string
            line = line.removesuffix("\r")
            if not line.strip():
                continue
            try:
                yield _record(json.loads(line), f"{article_id}-{number}", published)
            except (ValueError, RecursionError, InvalidInputError) as error:  # JSON, huge numbers, nesting
                problems.append(InputProblem(f"{path}:{number}", str(error) or type(error).__name__))
        if problems:
            raise InputProblems(problems)
    elif suffix == ".json":
        try:
            record = json.loads(text)
        except json.JSONDecodeError as error:
            raise InputProblems([InputProblem(f"{path}:{error.lineno}", error.msg)]) from None
        except (ValueError, RecursionError) as error:
            raise InputProblems([InputProblem(str(path), str(error) or type(error).__name__)]) from None
        yield _record(record, article_id, published)
    elif suffix in HTML_SUFFIXES:
        yield Article(article_id, html_text(text), published)
    else:
        yield Article(article_id, text, published)


class InputProblems(DealparseError):
    """Files or lines that could not be read."""

    def __init__(self, problems: Sequence[InputProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _files(paths: Sequence[Path]) -> Iterator[tuple[Path, str]]:
    """Each file to read and its article id: the file name without extension, or its path
    inside a folder given (so ``a/x.txt`` and ``b/x.txt`` do not collide)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in ARTICLE_SUFFIXES:
                    yield child, child.relative_to(path).with_suffix("").as_posix()
        else:
            yield path, path.stem


def read_articles(
    paths: Sequence[Path],
    published: str | None = None,
    encoding: str | None = None,
    problems: list[InputProblem] | None = None,
) -> Iterator[Article]:
    """Articles from ``.txt``, ``.html``, ``.json`` and ``.jsonl`` files, or folders of them.

    A text or HTML file is one article whose id is its name without extension (its path inside
    a folder given) and whose publication date is ``published``. JSON records have ``text``
    and optional ``id`` and ``published``. With a ``problems`` list, unreadable files and lines
    are added to it and reading goes on; without one, the first raises :class:`InputProblems`.
    """
    if published is not None:
        coerce_published(published)
    for path, article_id in _files(paths):
        try:
            if not path.exists():
                raise InputProblems([InputProblem(str(path), "no such file or directory")])
            try:
                yield from _read_file(path, article_id, published, encoding)
            except InvalidInputError as error:
                raise InputProblems([InputProblem(str(path), str(error))]) from None
            except OSError as error:
                raise InputProblems([InputProblem(str(path), error.strerror or str(error))]) from None
        except InputProblems as found:
            if problems is None:
                raise
            problems.extend(found.problems)
