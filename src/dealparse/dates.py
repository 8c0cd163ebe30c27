"""Korean date normalization: absolute forms and forms relative to the publication date.

``2024.11.26``, ``2024년 11월 26일``, ``2023년 6월`` and ``2015년`` are read directly.
``지난 26일``, ``26일``, ``지난해 9월``, ``올해 6월``, ``지난달``, ``이달 초``, ``내년 1월``,
``어제`` and ``이날`` are resolved against the publication date, with the news convention
that a bare day after the publication day means the previous month. English forms
(``Nov. 26, 2024``) go to dateparser, which reads them correctly; Korean relative forms do
not (dateparser takes 26일 for "26 days ago"). Words live in ``data/dates_ko.toml``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import cache
from typing import Any

from dealparse.errors import InvalidInputError
from dealparse.lexicons import load_toml
from dealparse.values import DateValue, Precision

PublishedLike = dt.date | dt.datetime | str | DateValue | None

_YEAR = r"(?:19|20)\d{2}"
_ENGLISH_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)


def _alt(words: object) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s?") for w in sorted(words, key=len, reverse=True))  # type: ignore[arg-type]


@cache
def _words() -> dict[str, Any]:
    return load_toml("dates_ko.toml")


@cache
def _pattern() -> re.Pattern[str]:
    w = _words()
    parts = _alt(w["period_parts"])
    not_day = _alt(w["day_not_before"])
    past = _alt(w["past_prefixes"])
    future = _alt(w["future_prefixes"])
    day = rf"(?P<{{n}}>\d{{{{1,2}}}})일(?!\s?(?:{not_day}))"
    alternatives = [
        # 2024.11.26 / 2024-11-26 / 2024/11/26 / 2024. 7. 21.
        rf"(?P<ny>{_YEAR})\s?(?P<sep>[.\-/])\s?(?P<nm>\d{{1,2}})\s?(?P=sep)\s?(?P<nd>\d{{1,2}})(?!\d)\.?",
        # 2024년 11월 26일 / 2023년 6월 / 2015년(도) (상반기)
        rf"(?P<ky>{_YEAR})년(?:도)?(?:\s?(?P<km>\d{{1,2}})월(?:\s?{day.format(n='kd')})?)?(?:\s?(?:{parts})(?:(?![가-힣])|(?=에|의|부터|까지|쯤|께)))?(?!대)",
        # 'YY년
        r"['’](?P<sy>\d{2})년(?:\s?(?P<sm>\d{1,2})월)?",
        # 지난해 9월 26일 / 올해 6월 / 내년 / 올해 초
        rf"(?P<ry>{_alt(w['relative_years'])})(?:\s?(?P<rym>\d{{1,2}})월(?:\s?{day.format(n='ryd')})?)?(?:\s?(?P<ryp>{parts})(?:(?![가-힣])|(?=에|의|부터|까지|쯤|께)))?",
        # 지난달 26일 / 이달 초 / 다음 달
        rf"(?P<rm>{_alt(w['relative_months'])})(?:\s?{day.format(n='rmd')})?(?:\s?(?:{parts})(?:(?![가-힣])|(?=에|의|부터|까지|쯤|께)))?",
        # (지난|오는) 11월 26일 / 4월
        rf"(?:(?P<mpast>{past})|(?P<mfut>{future}))?\s?(?P<mm>\d{{1,2}})월(?:\s?{day.format(n='md')})?(?:\s?(?:{parts})(?:(?![가-힣])|(?=에|의|부터|까지|쯤|께)))?",
        # (지난|오는) 26일
        rf"(?:(?P<dpast>{past})|(?P<dfut>{future}))?\s?{day.format(n='dd')}",
        # 어제 / 이날
        rf"(?P<rd>{_alt(w['relative_days'])})(?![가-힣])",
        # Nov. 26, 2024 / November 2024
        rf"(?P<en>{_ENGLISH_MONTHS}\.?\s\d{{1,2}},?\s{_YEAR}|{_ENGLISH_MONTHS}\.?\s{_YEAR})",
    ]
    return re.compile("|".join(f"(?:{a})" for a in alternatives))


def coerce_published(value: PublishedLike) -> dt.date | None:
    """A publication date from a date, datetime, ISO string or day-precision DateValue."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, DateValue):
        if value.precision != Precision.DAY:
            raise InvalidInputError(f"published must be a full date, got {value.iso!r}")
        return value.date
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip()).date()
        except ValueError:
            raise InvalidInputError(f"published must be an ISO date like 2024-11-27, got {value!r}") from None
    raise InvalidInputError(f"published must be a date or ISO string, not {type(value).__name__}")


def _safe_date(year: int, month: int, day: int = 1) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _shift_month(date: dt.date, months: int) -> dt.date:
    index = date.year * 12 + date.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(date.day, calendar.monthrange(year, month + 1)[1]))


def _at(
    year: int, month: str | int | None = None, day: str | int | None = None
) -> tuple[dt.date, Precision] | None:
    """The date a year, month and day give, at the precision of the parts given; None if invalid."""
    if month is None:
        return dt.date(year, 1, 1), Precision.YEAR
    date = _safe_date(year, int(month), int(day) if day else 1)
    if date is None:
        return None
    return date, Precision.DAY if day else Precision.MONTH


def _resolve(m: re.Match[str], published: dt.date | None) -> tuple[dt.date, Precision] | None:
    g = m.groupdict()
    if g["ny"]:
        return _at(int(g["ny"]), g["nm"], g["nd"])
    if g["ky"]:
        return _at(int(g["ky"]), g["km"], g["kd"])
    if g["sy"]:
        return _at(2000 + int(g["sy"]), g["sm"])
    if g["en"]:
        return _english(g["en"])
    if published is None:
        return None
    if g["ry"]:
        if g["ry"] == "올" and not (g["rym"] or g["ryp"]):
            return None  # 올 alone is not a date
        offset = _words()["relative_years"][_key(g["ry"], "relative_years")]
        return _at(published.year + offset, g["rym"], g["ryd"])
    if g["rm"]:
        offset = _words()["relative_months"][_key(g["rm"], "relative_months")]
        month_start = _shift_month(published.replace(day=1), offset)
        return _at(month_start.year, month_start.month, g["rmd"])
    if g["mm"]:
        month = int(g["mm"])
        year = published.year
        if g["mpast"] and month > published.month:
            year -= 1
        elif g["mfut"] and month < published.month:
            year += 1
        elif not g["mpast"] and not g["mfut"] and month > published.month + 2:
            year -= 1
        return _at(year, month, g["md"])
    if g["dd"]:
        day = int(g["dd"])
        base = published.replace(day=1)
        if g["dfut"]:
            if day < published.day:
                base = _shift_month(base, 1)
        elif day > published.day:
            base = _shift_month(base, -1)
        return _at(base.year, base.month, day)
    if g["rd"]:
        offset = _words()["relative_days"][_key(g["rd"], "relative_days")]
        return published + dt.timedelta(days=offset), Precision.DAY
    return None


def _key(found: str, table: str) -> str:
    """The data-file key a matched word stands for (matches may differ in spacing)."""
    compact = re.sub(r"\s", "", found)
    return next(k for k in _words()[table] if re.sub(r"\s", "", k) == compact)


def _english(text: str) -> tuple[dt.date, Precision] | None:
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})
    if parsed is None:
        return None
    precision = Precision.DAY if re.search(r"\d{1,2},?\s", text) else Precision.MONTH
    return parsed.date(), precision


def find_dates(text: str, published: PublishedLike = None) -> list[DateValue]:
    """Every date expression in ``text`` that can be resolved, left to right, with offsets."""
    if not isinstance(text, str):
        raise InvalidInputError(f"text must be a str, not {type(text).__name__}")
    base = coerce_published(published)
    found: list[DateValue] = []
    for m in _pattern().finditer(text):
        if m.start() > 0 and re.match(r"[\d.]", text[m.start() - 1]):
            continue  # inside a longer number (1.26일, 126일)
        try:
            resolved = _resolve(m, base)
        except (ValueError, OverflowError):
            resolved = None  # outside the calendar (13일 against 9999-12-31)
        if resolved is None:
            continue
        date, precision = resolved
        start, end = m.start(), m.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        found.append(DateValue.of(date, precision, text=text[start:end], start=start, end=end))
    return found


def parse_date(text: str, published: PublishedLike = None) -> DateValue | None:
    """The first date in ``text``, resolved against ``published``; None if there is none.

    >>> parse_date("지난해 9월", published="2024-11-27").iso
    '2023-09'
    """
    found = find_dates(text, published)
    return found[0] if found else None


_PRINTED_DATE = rf"(?P<y>{_YEAR})\s?[.\-/년]\s?(?P<m>\d{{1,2}})\s?[.\-/월]\s?(?P<d>\d{{1,2}})\s?[.일]?"
_TIME = r"\s*(?:\((?:[월화수목금토일])\)\s*)?(?:오전|오후)?\s?\d{1,2}\s?[:시]\s?\d{2}"


def detect_published(text: str, today: dt.date | None = None) -> DateValue | None:
    """The publication date printed in an article (입력 2024.11.27 06:01, a byline date and
    time, or a header like ``03.18 (수)`` whose year is the latest one ≤ ``today`` in which that
    day falls on that weekday); None when the page prints none."""
    if not isinstance(text, str):
        raise InvalidInputError(f"text must be a str, not {type(text).__name__}")
    words = _words()
    head = text[:3000]
    labelled = re.compile(rf"(?P<label>{_alt(words['published_labels'])})\s*[:：]?\s*{_PRINTED_DATE}")
    by_label = sorted(
        labelled.finditer(head), key=lambda m: (words["published_labels"].index(m.group("label")), m.start())
    )
    candidates = [m for m in by_label if _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))]
    if not candidates:
        timed = re.compile(_PRINTED_DATE + _TIME)
        candidates = [
            m for m in timed.finditer(head[:1500]) if _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        ]
    if candidates:
        m = candidates[0]
        date = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        return DateValue.of(date, Precision.DAY, text=m.group().strip(), start=m.start(), end=m.end())
    weekday = re.compile(r"(?<![\d.])(?P<m>\d{1,2})[.월]\s?(?P<d>\d{1,2})일?\s?\((?P<w>[월화수목금토일])\)")
    m = weekday.search(head[:1000])
    if m is None:
        return None
    today = today or dt.date.today()
    wanted = words["weekdays"].index(m["w"])
    for year in range(today.year, today.year - 28, -1):
        date = _safe_date(year, int(m["m"]), int(m["d"]))
        if date and date <= today and date.weekday() == wanted:
            return DateValue.of(date, Precision.DAY, text=m.group(), start=m.start(), end=m.end())
    return None
