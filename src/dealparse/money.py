"""Find and normalize money in Korean text: 130억달러(약 20조원), 9조2380억원, $13 billion.

Amounts are exact (:class:`~decimal.Decimal`) in whole units of an ISO 4217 currency.
Qualifiers become flags (약 → approximate, 이상 → at_least, 최대 → at_most, 조원대 →
bracket), a range (500만~1000만달러) keeps both bounds, and a parenthetical conversion
right after an amount is kept in ``Money.converted``. Surface words live in
``data/money_ko.toml``. Vague quantities (수십억 달러) are not parsed.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from typing import Any

from dealparse.errors import InvalidInputError
from dealparse.lexicons import load_toml
from dealparse.numbers import DIGITS, KOREAN_NUMBER, largest_unit, parse_korean_number, tidy
from dealparse.values import Money


def _alternation(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[arg-type]


@cache
def _patterns() -> dict[str, Any]:
    data = load_toml("money_ko.toml")
    words = _alternation(data["currency_words"])
    prefixes = _alternation(data["currency_prefixes"])
    scales = _alternation(data["english_scales"])
    pre_q = _alternation(data["prefix_qualifiers"])
    suf_q = _alternation(data["suffix_qualifiers"])
    sep = _alternation(data["range_separators"])
    korean = (
        rf"(?:(?P<low>{KOREAN_NUMBER})\s?(?:{sep})\s?)?(?P<num>{KOREAN_NUMBER})\s?"
        rf"(?P<cur>{words})(?![A-Za-z])(?:\s?(?P<suf>{suf_q}))?"
    )
    english = (
        rf"(?P<pcur>{prefixes})\s?(?P<enum>{DIGITS})(?:\s?(?P<scale>{scales})(?![A-Za-z]))?"
        rf"(?:\s?(?P<esuf>{suf_q}))?"
    )
    amount = rf"(?:(?P<pre>{pre_q})\s?)?(?:{korean}|{english})"
    return {
        "amount": re.compile(amount),
        "conversion": re.compile(rf"\s?\(\s?(?:(?:한화|원화|우리\s?돈)\s?)?(?P<inner>{amount})\s?\)"),
        "data": data,
    }


def _flags(prefix: str | None, suffix: str | None) -> dict[str, bool]:
    data = _patterns()["data"]
    flags = {"approximate": False, "at_least": False, "at_most": False, "bracket": False}
    for word, table in ((prefix, "prefix_qualifiers"), (suffix, "suffix_qualifiers")):
        flag = data[table].get(word) if word else None
        if flag:
            flags[flag] = True
    return flags


def _from_match(m: re.Match[str], text: str, base: int) -> Money | None:
    """Build a Money from an amount match; ``base`` shifts offsets into ``text``."""
    data = _patterns()["data"]
    start = m.start() + base
    if m.group("pre") is None:
        before = text[max(0, start - 2) : start]
        if any(before.endswith(v) for v in data["vague_prefixes"]):
            return None
        if before[-1:] and re.match(r"[가-힣A-Za-z0-9.]", before[-1:]):
            return None
    if m.group("num") is not None:
        value = parse_korean_number(m.group("num"))
        currency = data["currency_words"][m.group("cur")]
        suffix = m.group("suf")
        approximate_inside = "여" in m.group("num")
        low_value = parse_korean_number(m.group("low")) if m.group("low") else None
        if low_value is not None and largest_unit(m.group("low")) is None:
            unit = largest_unit(m.group("num"))
            low_value = low_value * unit if unit else low_value
        elif low_value is not None and value is not None and largest_unit(m.group("num")) is None:
            # 150억~250달러: the upper bound written without the unit the lower one has
            unit = largest_unit(m.group("low"))
            value = value * unit if unit and value * unit > low_value else value
    else:
        value = Decimal(m.group("enum").replace(",", ""))
        if m.group("scale"):
            value = tidy(value * Decimal(data["english_scales"][m.group("scale").lower()]))
        currency = data["currency_prefixes"][m.group("pcur")]
        suffix = m.group("esuf")
        approximate_inside = False
        low_value = None
    if value is None:
        return None
    minimum = data["counter_currency_minimum"].get(m.group("cur") or "")
    if minimum is not None and value < Decimal(minimum):
        return None
    flags = _flags(m.group("pre"), suffix)
    flags["approximate"] |= approximate_inside
    end = m.end() + base
    if low_value is not None and low_value <= value:
        return Money(
            value=low_value,
            max_value=value,
            currency=currency,
            text=text[start:end],
            start=start,
            end=end,
            **flags,
        )
    return Money(value=value, currency=currency, text=text[start:end], start=start, end=end, **flags)


def find_money(text: str) -> list[Money]:
    """Every money expression in ``text``, left to right, with offsets into ``text``."""
    if not isinstance(text, str):
        raise InvalidInputError(f"text must be a str, not {type(text).__name__}")
    patterns = _patterns()
    found: list[Money] = []
    pos = 0
    while True:
        m = patterns["amount"].search(text, pos)
        if m is None:
            return found
        money = _from_match(m, text, 0)
        if money is None:
            pos = m.start() + 1
            continue
        conv = patterns["conversion"].match(text, m.end())
        if conv is not None:
            inner = patterns["amount"].fullmatch(conv.group("inner"))
            converted = _from_match(inner, text, conv.start("inner")) if inner else None
            if converted is not None and converted.currency != money.currency:
                money = money.model_copy(
                    update={"converted": converted, "end": conv.end(), "text": text[money.start : conv.end()]}
                )
        found.append(money)
        pos = money.end or m.end()


def parse_money(text: str) -> Money | None:
    """The first money expression in ``text`` (offsets relative to ``text``), or None.

    >>> parse_money("130억달러(약 20조원)").value
    Decimal('13000000000')
    """
    found = find_money(text)
    return found[0] if found else None
