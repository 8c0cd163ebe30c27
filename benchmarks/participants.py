"""Share of gold event participants found as ORG entities (a name match as score.py defines it).

Usage: python benchmarks/participants.py ../shared/eval/dev [--model rules|PATH] [--only-dev]
       python benchmarks/participants.py ../shared/data/deal-news/gold --held-out-fold

``--held-out-fold`` scores only the deal-news fold that NER training never reads
(:mod:`dealparse.training.participants`).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import dealparse
from dealparse.annotations.event_scoring import normalize_name, participants
from dealparse.training.events import fold_of
from dealparse.training.participants import FOLDS, HELD_OUT_FOLD


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("gold_dir", type=Path)
    parser.add_argument("--model")
    parser.add_argument("--only-dev", action="store_true", help="score dev-*.json only (not the seeds)")
    parser.add_argument("--held-out-fold", action="store_true", help="score the fold NER training leaves out")
    args = parser.parse_args()
    extractor = dealparse.load(args.model)
    found = total = 0
    for path in sorted(args.gold_dir.glob("*.json")):
        if args.only_dev and not path.name.startswith("dev-"):
            continue
        gold = json.loads(path.read_text(encoding="utf-8"))
        if args.held_out_fold and fold_of(gold["id"], FOLDS) != HELD_OUT_FOLD:
            continue
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
