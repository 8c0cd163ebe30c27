"""Find and normalize electrical capacities: 500메가와트, 1.5GW, 200MW급, 100~200MW.

Units live in ``data/capacity_ko.toml``. Energy (MWh, GWh, 메가와트시) is not a capacity.
"""

from __future__ import annotations

import re
from functools import cache

from dealparse.errors import InvalidInputError
from dealparse.lexicons import load_toml
from dealparse.numbers import KOREAN_NUMBER, parse_korean_number
from dealparse.values import Capacity

_QUALIFIERS = {"약": "approximate", "최대": "at_most", "최소": "at_least"}
_SUFFIXES = {"이상": "at_least", "가량": "approximate", "규모": "", "급": ""}


@cache
def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """The capacity pattern and the units by their case-folded spelling (40Mw, 40mw and 40MW
    are all megawatts: news text does not keep SI case)."""
    units = {unit.casefold(): name for unit, name in load_toml("capacity_ko.toml")["units"].items()}
    alternation = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    pattern = re.compile(
        rf"(?:(?P<pre>약|최대|최소)\s?)?(?:(?P<low>{KOREAN_NUMBER})\s?(?:~|∼|-|–)\s?)?"
        rf"(?P<num>{KOREAN_NUMBER})\s?(?P<unit>(?i:{alternation}))(?![A-Za-z]|시)(?:\s?(?P<suf>이상|가량))?"
    )
    return pattern, units


def find_capacities(text: str) -> list[Capacity]:
    """Every capacity in ``text``, left to right, with offsets into ``text``."""
    if not isinstance(text, str):
        raise InvalidInputError(f"text must be a str, not {type(text).__name__}")
    pattern, units = _pattern()
    found: list[Capacity] = []
    for m in pattern.finditer(text):
        value = parse_korean_number(m.group("num"))
        if value is None or (m.start() > 0 and re.match(r"[A-Za-z0-9.]", text[m.start() - 1])):
            continue
        flags = {k: False for k in ("approximate", "at_least", "at_most")}
        for word in (m.group("pre"), m.group("suf")):
            flag = _QUALIFIERS.get(word or "") or _SUFFIXES.get(word or "")
            if flag:
                flags[flag] = True
        if m.group("low"):
            flags["at_most"] = True  # a range: the upper bound is kept as the value
        found.append(
            Capacity(
                value=value,
                unit=units[m.group("unit").casefold()],
                text=m.group(),
                start=m.start(),
                end=m.end(),
                **flags,
            )
        )
    return found


def parse_capacity(text: str) -> Capacity | None:
    """The first capacity in ``text``, or None.

    >>> parse_capacity("500메가와트").megawatts
    Decimal('500')
    """
    found = find_capacities(text)
    return found[0] if found else None
