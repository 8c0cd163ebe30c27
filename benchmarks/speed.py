"""Speed of dealparse on this machine: load time and throughput on the seed articles.

usage: python benchmarks/speed.py [--repeat N] [--model PATH|rules]

Prints the time to load the pipeline, then documents/s and characters/s for
``Extractor.extract_many`` over the five seed articles repeated N times (one process), and,
in the same run, the time of Kiwi alone (``Kiwi.tokenize`` of the same texts) and the
pipeline's time as a multiple of it.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=20, help="times to repeat the seed articles")
    parser.add_argument("--model", help="a saved pipeline, or 'rules' (default: the shipped one)")
    args = parser.parse_args()

    start = time.perf_counter()
    import dealparse

    extractor = dealparse.load(args.model)
    extractor.extract("오픈AI는 한국산업은행과 업무협약을 체결했다.")  # loads Kiwi and the lexicons
    load_s = time.perf_counter() - start

    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] * args.repeat
    chars = sum(len(t) for t in texts)
    start = time.perf_counter()
    events = sum(len(r.events) for r in extractor.extract_many(texts))
    elapsed = time.perf_counter() - start
    print(f"load (import, pipeline, Kiwi, lexicons): {load_s:.2f} s")
    print(f"documents: {len(texts)}  characters: {chars:,}  events: {events}")
    print(f"throughput: {len(texts) / elapsed:.1f} docs/s, {chars / elapsed:,.0f} chars/s ({elapsed:.2f} s)")

    from dealparse.tokenizer import get_kiwi

    kiwi = get_kiwi(extractor.nlp.tokenizer.multi_word_dict)
    start = time.perf_counter()
    for text in texts:
        kiwi.tokenize(text)
    kiwi_s = time.perf_counter() - start
    print(f"Kiwi alone: {len(texts) / kiwi_s:.1f} docs/s ({kiwi_s:.2f} s); the pipeline takes {elapsed / kiwi_s:.1f}x that")


if __name__ == "__main__":
    main()
