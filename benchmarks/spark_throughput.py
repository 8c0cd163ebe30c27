"""Throughput of ``dealparse.spark.extract_events`` in Spark local mode.

Usage: python benchmarks/spark_throughput.py [--cores 2] [--repeat 40] [--model rules|PATH]

Writes the seed articles (``--repeat`` times) as Parquet, reads them back, extracts the events
with ``local[CORES]`` and writes them as Parquet, then prints articles/s (executor start-up and
pipeline loading included) and the event count.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from pyspark.sql import SparkSession

from dealparse.spark import extract_events

SEEDS = Path(__file__).parents[1] / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--model")
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] * args.repeat
    spark = SparkSession.builder.master(f"local[{args.cores}]").config("spark.ui.enabled", "false").getOrCreate()
    with tempfile.TemporaryDirectory() as work:
        rows = [(f"a{i}", text, "2024-11-27") for i, text in enumerate(texts)]
        spark.createDataFrame(rows, "id string, text string, published string").repartition(args.cores * 4).write.parquet(
            f"{work}/articles"
        )
        started = time.perf_counter()
        extract_events(spark.read.parquet(f"{work}/articles"), model=args.model).write.parquet(f"{work}/events")
        elapsed = time.perf_counter() - started
        events = spark.read.parquet(f"{work}/events").filter("type is not null").count()
    spark.stop()
    print(f"{len(texts)} articles, {events} events, local[{args.cores}]: {elapsed:.1f} s, {len(texts) / elapsed:.1f} articles/s")


if __name__ == "__main__":
    main()
