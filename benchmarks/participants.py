"""Share of gold event participants found as ORG entities (a name match as score.py defines it).

Usage: python benchmarks/participants.py ../shared/eval/dev [--model rules|PATH] [--only-dev]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import dealparse
from dealparse.annotations.event_scoring import normalize_name, participants


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("gold_dir", type=Path)
    parser.add_argument("--model")
    parser.add_argument("--only-dev", action="store_true", help="score dev-*.json only (not the seeds)")
    args = parser.parse_args()
    extractor = dealparse.load(args.model)
    found = total = 0
    for path in sorted(args.gold_dir.glob("*.json")):
        if args.only_dev and not path.name.startswith("dev-"):
            continue
        gold = json.loads(path.read_text(encoding="utf-8"))
        result = extractor.extract(gold["text"], gold.get("published"))
        orgs = {normalize_name(e.text) for e in result.entities if e.label == "ORG"}
        orgs |= {normalize_name(e.canonical) for e in result.entities if e.label == "ORG" and e.canonical}
        names = [g for event in gold["events"] for g in participants(event)]
        unique = {frozenset(g) for g in names}
        total += len(unique)
        found += sum(bool(g & orgs) for g in unique)
    print(f"participants found as ORG entities: {found}/{total} = {found / total:.3f}")


if __name__ == "__main__":
    main()
