"""Read and write annotation JSONL files safely: errors keep their line numbers, and writes
go to a temporary file that replaces the target only when complete."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from dealparse.annotations.records import AnnotationRecord


@dataclass(frozen=True)
class LineError:
    """A problem at a line of a file."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def read_records(path: Path, errors: list[LineError] | None = None) -> Iterator[tuple[int, AnnotationRecord]]:
    """``(line number, record)`` for each valid line of a JSONL file.

    A malformed line is never dropped silently: it goes to ``errors`` when a list is given,
    else it raises ``ValueError`` naming the file and line.
    """
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                yield number, AnnotationRecord.model_validate(json.loads(line))
            except (json.JSONDecodeError, ValidationError) as error:
                problem = LineError(path, number, _describe(error))
                if errors is None:
                    raise ValueError(str(problem)) from error
                errors.append(problem)


def _describe(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'record'}: {e['msg']}" for e in error.errors()
        )
    return f"not JSON: {error}"


def write_atomic(path: Path, content: str) -> None:
    """Write ``content`` to a temporary file beside ``path``, then rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_records(records: Iterable[AnnotationRecord], path: Path) -> int:
    """Write records as JSONL atomically; return how many were written."""
    lines = [record.model_dump_json(exclude_none=True) for record in records]
    write_atomic(path, "".join(line + "\n" for line in lines))
    return len(lines)
