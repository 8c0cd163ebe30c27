"""Read the package's data files (lexicons, rules, gazetteers) once per process."""

from __future__ import annotations

import csv
import tomllib
from functools import cache
from importlib import resources
from typing import Any


def _data_file(name: str) -> str:
    return resources.files("dealparse").joinpath("data", name).read_text(encoding="utf-8")


@cache
def load_toml(name: str) -> dict[str, Any]:
    """Parse ``dealparse/data/NAME`` (TOML); cached, so treat the result as read-only."""
    return tomllib.loads(_data_file(name))


@cache
def load_tsv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``dealparse/data/NAME`` (tab-separated, header first) as dicts; cached."""
    lines = [line for line in _data_file(name).splitlines() if line.strip() and not line.startswith("#")]
    return tuple(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
