"""Time and peak memory of ``dealparse extract`` on one long text, against a ten times shorter one.

Usage: python benchmarks/long_text.py [--sizes 60000 600000 5000000] [--model rules|PATH]

Each size is the seed articles joined by blank lines and repeated to that many characters,
written to a temporary ``.txt`` file and read by ``dealparse extract`` in a fresh process;
prints seconds, peak RSS and events for each size, and each time as a multiple of the first.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEEDS = Path(__file__).parents[1] / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[60_000, 600_000])
    parser.add_argument("--model")
    args = parser.parse_args()
    corpus = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    first: float | None = None
    with tempfile.TemporaryDirectory() as work:
        for size in args.sizes:
            text = (corpus + "\n\n") * (size // (len(corpus) + 2) + 1)
            path = Path(work) / f"long-{size}.txt"
            path.write_text(text[:size], encoding="utf-8")
            out = Path(work) / f"events-{size}.jsonl"
            command = [sys.executable, "-m", "dealparse.cli", "extract", str(path), "-o", str(out), "--published", "2024-11-27"]
            if args.model:
                command += ["--model", args.model]
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            elapsed = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            events = sum(len(json.loads(line)["events"]) for line in out.read_text().splitlines())
            first = first or elapsed
            note = "" if peak > before else " (peak not above an earlier run's)"
            print(f"{size:>10,} chars: {elapsed:7.1f} s ({elapsed / first:4.1f}x), peak RSS {peak / 1024:,.0f} MB{note}, {events} events")


if __name__ == "__main__":
    main()
