"""The ``dealparse`` command line: extract, show, schema."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from dealparse.errors import DealparseError


@dataclass
class Article:
    """One input document."""

    id: str
    text: str
    published: str | None


def read_articles(paths: Sequence[Path], published: str | None = None) -> Iterator[Article]:
    """Articles from ``.txt`` files, ``.json`` records, ``.jsonl`` records, or directories of them.

    A ``.txt`` file is one article whose id is the file name without extension and whose
    publication date is ``published``. JSON records have ``text`` and optional ``id`` and
    ``published``.
    """
    for path in paths:
        if path.is_dir():
            children = sorted(p for p in path.rglob("*") if p.suffix in {".txt", ".json", ".jsonl"})
            yield from read_articles(children, published)
        elif not path.exists():
            raise DealparseError(f"{path}: no such file or directory")
        elif path.suffix == ".jsonl":
            with path.open(encoding="utf-8") as lines:
                for number, line in enumerate(lines, 1):
                    if line.strip():
                        yield _record(
                            json.loads(line), f"{path}:{number}", f"{path.stem}-{number}", published
                        )
        elif path.suffix == ".json":
            yield _record(json.loads(path.read_text(encoding="utf-8")), str(path), path.stem, published)
        else:
            yield Article(path.stem, path.read_text(encoding="utf-8"), published)


def _record(record: object, where: str, default_id: str, published: str | None) -> Article:
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise DealparseError(f"{where}: expected an object with a string 'text'")
    return Article(str(record.get("id") or default_id), record["text"], record.get("published") or published)


def _progress(items: list[Article]) -> Iterator[Article]:
    if len(items) < 2:
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, desc="dealparse", unit="doc", file=sys.stderr)


def cmd_extract(args: argparse.Namespace) -> int:
    from dealparse.extractor import load

    extractor = load(args.model)
    articles = list(read_articles(args.paths, args.published))
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    try:
        for article in _progress(articles):
            result = extractor.extract(article.text, article.published, id=article.id)
            record = {
                "id": article.id,
                "published": result.published.iso if result.published else None,
                "events": [e.model_dump(mode="json") for e in result.events],
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from dealparse.extractor import load
    from dealparse.render import events_table, html_page

    extractor = load(args.model)
    article = next(read_articles([args.path], args.published))
    result = extractor.extract(article.text, article.published, id=article.id)
    print(events_table(result))
    if args.html:
        Path(args.html).write_text(html_page(article.text, result), encoding="utf-8")
        print(f"wrote {args.html}", file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from dealparse.events import json_schema_text

    text = json_schema_text() + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``dealparse`` command."""
    parser = argparse.ArgumentParser(
        prog="dealparse", description="Korean deal news to typed events (MOU, investment, partnership, ...)."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    extract = sub.add_parser("extract", help="extract events from articles and write JSONL")
    extract.add_argument("paths", nargs="+", type=Path, help=".txt, .json, .jsonl files or directories")
    extract.add_argument("-o", "--output", help="JSONL file to write (default: standard output)")
    extract.add_argument("--published", help="publication date (YYYY-MM-DD) for plain text files")
    extract.add_argument("--model", help="a saved pipeline directory instead of the default")
    extract.set_defaults(func=cmd_extract)

    show = sub.add_parser("show", help="print a table of one article's events")
    show.add_argument("path", type=Path, help="a .txt or .json article")
    show.add_argument("--published", help="publication date (YYYY-MM-DD)")
    show.add_argument("--html", help="also write an HTML page highlighting entities and evidence")
    show.add_argument("--model", help="a saved pipeline directory instead of the default")
    show.set_defaults(func=cmd_show)

    schema = sub.add_parser("schema", help="print the JSON Schema of extraction results")
    schema.add_argument("-o", "--output", help="file to write (default: standard output)")
    schema.set_defaults(func=cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (DealparseError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        print(f"dealparse: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
