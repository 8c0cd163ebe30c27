"""Speed-up of ``extract_many(..., n_process=N)`` over one process, and memory per worker.

Usage: python benchmarks/parallel.py [--repeat 40] [--jobs 2] [--model rules|PATH]

Runs the seed articles (``--repeat`` times) through one process, then through ``--jobs``
spawned workers, checks that the results are identical and in order, and prints both times,
the speed-up and the largest worker's peak memory (RSS). Run it on idle cores.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import dealparse

SEEDS = Path(__file__).parents[1] / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--model")
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] * args.repeat
    extractor = dealparse.load(args.model)
    list(extractor.extract_many(texts[:2]))  # Kiwi and lexicons loaded, as in a long run
    started = time.perf_counter()
    one = [r.model_dump(mode="json") for r in extractor.extract_many(texts, batch_size=args.batch_size)]
    single = time.perf_counter() - started
    started = time.perf_counter()
    many = extractor.extract_many(texts, batch_size=args.batch_size, n_process=args.jobs)
    parallel_results = [r.model_dump(mode="json") for r in many]
    parallel = time.perf_counter() - started
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{len(texts)} articles: 1 process {single:.1f} s ({len(texts) / single:.1f} docs/s), "
          f"{args.jobs} processes {parallel:.1f} s ({len(texts) / parallel:.1f} docs/s, workers' start included)")
    print(f"speed-up {single / parallel:.2f}x; identical results in order: {one == parallel_results}; "
          f"largest worker peak RSS {worker_mb:,.0f} MB")


if __name__ == "__main__":
    main()
