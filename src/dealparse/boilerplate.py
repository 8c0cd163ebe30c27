"""Blank out the page furniture of scraped news (share menus, copyright lines, photo credits)
so it is not read as article text. The patterns are data (``data/boilerplate_ko.toml``);
blanks are spaces of the same length, so offsets still refer to the text given."""

from __future__ import annotations

import re
from functools import cache

from dealparse.lexicons import load_toml


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = load_toml("boilerplate_ko.toml")
    words = "|".join(re.escape(w) for w in sorted(data["menu_words"], key=len, reverse=True))
    gap = r"[\s|·/,•∙◦▪▶►]"
    menu = rf"{gap}*(?:{words})(?:{gap}+(?:{words}))+{gap}*|\s*[•∙◦▪▶►|]\s*(?:{words})\s*"
    line = re.compile("|".join(f"(?:{p})" for p in [menu, *data["lines"]]))
    phrase = re.compile("|".join(f"(?:{p})" for p in data["phrases"]))
    return line, phrase


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"\S", " ", match.group())


def mask_boilerplate(text: str) -> str:
    """``text`` with page furniture replaced by spaces (same length, same line breaks)."""
    line, phrase = _patterns()
    out: list[str] = []
    for piece in text.splitlines(keepends=True):
        body = piece.rstrip("\r\n")
        ending = piece[len(body) :]
        kept = " " * len(body) if body.strip() and line.fullmatch(body) else phrase.sub(_blank, body)
        out.append(kept + ending)
    return "".join(out)
