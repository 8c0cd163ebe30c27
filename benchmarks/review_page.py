"""Render the HTML review page of an article and screenshot it in headless Chromium.

Usage: python benchmarks/review_page.py seeds/003.txt --published 2024-11-27 -o /tmp/review
Writes ``review.html`` and, where Chromium is installed (``chromium`` or ``chromium-browser``;
Debian package ``chromium``, with ``fonts-noto-cjk`` for Hangul), ``review.png``. Prints the
page's event count and the screenshot's size, so a reviewer can check Hangul renders.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
from pathlib import Path

import dealparse
from dealparse.render import html_page


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("article", type=Path)
    parser.add_argument("--published")
    parser.add_argument("--model")
    parser.add_argument("-o", "--output", type=Path, required=True, help="a folder for review.html and review.png")
    args = parser.parse_args()
    text = args.article.read_text(encoding="utf-8")
    result = dealparse.load(args.model).extract(text, args.published)
    args.output.mkdir(parents=True, exist_ok=True)
    page = args.output / "review.html"
    page.write_text(html_page(text, result), encoding="utf-8")
    print(f"{page}: {len(result.events)} event(s), {len(result.entities)} entities")
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("no Chromium here: install the Debian packages chromium and fonts-noto-cjk for the screenshot")
        return
    shot = args.output / "review.png"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={shot}", "--window-size=1280,1600",
         page.resolve().as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    print(f"{shot}: {shot.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
