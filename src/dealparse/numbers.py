"""Exact parsing of Korean number expressions: 9조2380억, 4조5천억, 1.5조, 오천억, 1,000.

Digits (with commas and decimals) and Hangul numerals combine with the small units
십/백/천 and the large units 만/억/조/경, as Korean writes them. Values are
:class:`~decimal.Decimal`; no floats are involved.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

HANGUL_DIGITS = {
    "영": 0,
    "공": 0,
    "일": 1,
    "이": 2,
    "삼": 3,
    "사": 4,
    "오": 5,
    "육": 6,
    "륙": 6,
    "칠": 7,
    "팔": 8,
    "구": 9,
}
SMALL_UNITS = {"십": 10, "백": 100, "천": 1000}
LARGE_UNITS = {"만": 10**4, "억": 10**8, "조": 10**12, "경": 10**16}

DIGITS = r"(?<!\d)(?:\d{1,3}(?:,\d{3})++(?:\.\d++)?|\d++(?:\.\d++)?)"
"""Arabic digits with optional thousands commas and decimals, from the start of a digit run
(possessive: a failed match never retries inside the same run, so long runs stay linear)."""
MAX_DIGITS = 24
"""Longer digit runs (and larger values) are not amounts, capacities or counts; parsing
rejects them rather than round."""

_HANGUL_DIGIT_CLASS = "[" + "".join(HANGUL_DIGITS) + "]"
_PART = rf"(?:(?:{DIGITS})여?|{_HANGUL_DIGIT_CLASS}(?=[십백천만억조경]))?(?:[십백천]?\s?[만억조경]|[십백천])"
KOREAN_NUMBER = rf"(?:{_PART}\s?)*(?:{_PART}|(?:{DIGITS}))"
"""A regular expression for a Korean number expression (it may also match unit-only text;
:func:`parse_korean_number` rejects those)."""

_TOKENS = re.compile(rf"{DIGITS}|{_HANGUL_DIGIT_CLASS}|[십백천]|[만억조경]")
_HAS_NUMBER = re.compile(rf"\d|{_HANGUL_DIGIT_CLASS}|^[십백천]")


def parse_korean_number(text: str) -> Decimal | None:
    """The exact value of a Korean number expression, or None if ``text`` is not one.

    >>> parse_korean_number("9조2380억")
    Decimal('9238000000000')
    >>> parse_korean_number("오천억")
    Decimal('500000000000')
    """
    if re.search(r"\d\s+\d", text):
        return None  # two numbers, not one
    compact = re.sub(r"\s+", "", text).replace("여", "")
    if not compact or not _HAS_NUMBER.search(compact):
        return None
    tokens = _TOKENS.findall(compact)
    if "".join(tokens) != compact:
        return None
    total = Decimal(0)
    section = Decimal(0)
    current: Decimal | None = None
    for token in tokens:
        if token in HANGUL_DIGITS:
            current = Decimal(HANGUL_DIGITS[token])
        elif token in SMALL_UNITS:
            section += (current if current is not None else Decimal(1)) * SMALL_UNITS[token]
            current = None
        elif token in LARGE_UNITS:
            section += current if current is not None else Decimal(0)
            total += (section or Decimal(1)) * LARGE_UNITS[token]
            section, current = Decimal(0), None
        else:
            if current is not None:
                return None  # two numbers in a row: not one expression
            digits = token.replace(",", "")
            if len(digits) > MAX_DIGITS:
                return None
            try:
                current = Decimal(digits)
            except InvalidOperation:
                return None
    total += section + (current if current is not None else Decimal(0))
    if total.adjusted() >= MAX_DIGITS:
        return None
    return tidy(total)


def tidy(value: Decimal) -> Decimal:
    """``value`` without trailing zeros after the point (1500000000.0 → 1500000000)."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def largest_unit(text: str) -> int | None:
    """The first large unit (만, 억, 조, 경) in ``text`` as a power of ten multiplier, if any."""
    for ch in text:
        if ch in LARGE_UNITS:
            return LARGE_UNITS[ch]
    return None
