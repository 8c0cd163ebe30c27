"""Fuzz the public parsers and ``extract`` with random and mutated inputs; count untyped errors.

Usage: python benchmarks/fuzz.py [--parsers N] [--articles N] [--seed S]

Inputs: random strings over digits, Korean number and unit words, currency and date words,
punctuation and arbitrary code points (lone surrogates included), plus mutations of the seed
articles (cut, spliced, repeated, characters replaced). Each parser (``parse_korean_number``,
``find_money``, ``find_capacities``, ``find_dates`` against random publication dates) and
``extract`` (the rules pipeline and the default one) must give a result or raise a
``DealparseError``. Prints how many inputs were tried and every untyped exception with its input.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import traceback
from collections.abc import Callable
from pathlib import Path

import dealparse
from dealparse.capacity import find_capacities
from dealparse.dates import find_dates
from dealparse.errors import DealparseError
from dealparse.money import find_money
from dealparse.numbers import parse_korean_number

PIECES = [
    *"0123456789,.~-()[] \n\t",
    "억", "만", "조", "천", "백", "십", "경", "원", "달러", "유로", "엔", "위안", "MW", "Mw", "GW", "kW", "메가와트",
    "년", "월", "일", "지난", "올해", "내년", "지난해", "오는", "어제", "다음 달", "상반기", "분기",
    "약", "최대", "이상", "가량", "규모", "투자", "업무협약", "체결", "데이터센터", "새봄텍은", "한빛랩스와",
    "ⓒ", "페이스북", "<p>", "&amp;", "\u200b", "\ufeff", "\ud800", "\U0001f600",
]


def random_text(rng: random.Random, length: int) -> str:
    parts = []
    for _ in range(length):
        roll = rng.random()
        if roll < 0.8:
            parts.append(rng.choice(PIECES))
        elif roll < 0.9:
            parts.append("9" * rng.randint(10, 400))
        else:
            parts.append(chr(rng.randint(1, 0x2FFFF)))
    return "".join(parts)


def mutated(rng: random.Random, articles: list[str]) -> str:
    text = rng.choice(articles)
    roll = rng.random()
    if roll < 0.25:
        start = rng.randrange(len(text))
        return text[start : start + rng.randint(1, 3000)]
    if roll < 0.5:
        other = rng.choice(articles)
        return text[: rng.randrange(len(text))] + other[rng.randrange(len(other)) :]
    if roll < 0.75:
        chars = list(text)
        for _ in range(rng.randint(1, 50)):
            chars[rng.randrange(len(chars))] = rng.choice(PIECES)
        return "".join(chars)
    return text.replace(".", "") * rng.randint(1, 3)


def published(rng: random.Random) -> dt.date:
    return rng.choice([dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2024, 2, 29)]) if rng.random() < 0.2 else (
        dt.date(1990, 1, 1) + dt.timedelta(days=rng.randrange(15000))
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--parsers", type=int, default=3000, help="random inputs per parser")
    parser.add_argument("--articles", type=int, default=300, help="inputs per extraction pipeline")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    seeds = [p.read_text(encoding="utf-8") for p in sorted(Path(__file__).parents[1].glob("seeds/*.txt"))]
    failures: list[tuple[str, str, str]] = []
    tried = 0

    def attempt(name: str, call: Callable[[], object], shown: str) -> None:
        nonlocal tried
        tried += 1
        try:
            call()
        except DealparseError:
            pass
        except Exception:  # what this script looks for
            failures.append((name, shown[:200], traceback.format_exc(limit=3)))

    for _ in range(args.parsers):
        text = random_text(rng, rng.randint(1, 40))
        date = published(rng)
        attempt("parse_korean_number", lambda t=text: parse_korean_number(t), text)
        attempt("find_money", lambda t=text: find_money(t), text)
        attempt("find_capacities", lambda t=text: find_capacities(t), text)
        attempt("find_dates", lambda t=text, d=date: find_dates(t, d), f"{date} {text}")
    for model in ("rules", None):
        extractor = dealparse.load(model)
        for index in range(args.articles):
            text = mutated(rng, seeds) if index % 2 else random_text(rng, rng.randint(1, 300))
            date = published(rng)
            attempt(f"extract[{model or 'default'}]", lambda t=text, d=date, x=extractor: x.extract(t, d), text)
    print(f"inputs tried: {tried:,}; untyped exceptions: {len(failures)}")
    for name, shown, trace in failures[:20]:
        print(f"--- {name}: {shown!r}\n{trace}")


if __name__ == "__main__":
    main()
