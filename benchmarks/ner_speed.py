"""Speed of the NER model alone: load times and words/s per stage with ``nlp.pipe``.

usage: python benchmarks/ner_speed.py [--model PATH] [--sentences N] [--blis]

Reads the first N KLUE-NER train sentences from ../shared/data when it is there (else the
seed articles' lines), and prints for the tokenizer (Kiwi), tok2vec and ner the throughput in
whitespace words/s and in tokens/s (spaCy's own unit: Kiwi morphemes), then for the three
together. Pin it to one core to measure one core: ``taskset -c 0 python benchmarks/ner_speed.py``.
``--blis`` runs the model on thinc's default blis matrix products instead of NumPy's BLAS.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KLUE_RAW = ROOT.parent / "shared" / "data" / "klue-ner" / "klue-ner-v1.1_train.raw-sentences.tsv"


def sentences(limit: int) -> list[str]:
    if KLUE_RAW.exists():
        from dealparse.training.klue import read_raw_sentences

        lines = [text.strip() for _, text in read_raw_sentences(KLUE_RAW)]
    else:
        lines = [line.strip() for p in sorted((ROOT / "seeds").glob("*.txt")) for line in p.read_text("utf-8").splitlines()]
    return [line for line in lines if line][:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, help="a saved pipeline (default: the shipped model)")
    parser.add_argument("--sentences", type=int, default=3000)
    parser.add_argument("--blis", action="store_true", help="use blis instead of NumPy's BLAS")
    args = parser.parse_args()

    start = time.perf_counter()
    import spacy

    from dealparse.extractor import shipped_model_path
    from dealparse.ops import cpu_ops
    from dealparse.tokenizer import get_kiwi

    imported = time.perf_counter()
    path = args.model or shipped_model_path()
    if path is None:
        raise SystemExit("no model: pass --model")
    with cpu_ops(use_blis=args.blis):
        names = spacy.util.load_config(Path(path) / "config.cfg")["nlp"]["pipeline"]
        nlp = spacy.load(path, exclude=[name for name in names if name not in {"tok2vec", "ner"}])
    loaded = time.perf_counter()
    get_kiwi(nlp.tokenizer.multi_word_dict).tokenize("준비")
    kiwi_ready = time.perf_counter()
    print(f"import {imported - start:.2f} s, model load {loaded - imported:.2f} s, Kiwi {kiwi_ready - loaded:.2f} s")

    texts = sentences(args.sentences)
    words = sum(len(t.split()) for t in texts)
    began = time.perf_counter()
    docs = list(nlp.tokenizer.pipe(texts))
    timings = {"tokenizer": time.perf_counter() - began}
    tokens = sum(len(d) for d in docs)
    for name, component in nlp.pipeline:
        began = time.perf_counter()
        docs = list(component.pipe(docs, batch_size=256))
        timings[name] = time.perf_counter() - began
    timings["all"] = sum(timings.values())
    print(f"{len(texts):,} texts, {words:,} words, {tokens:,} tokens, ops: {'blis' if args.blis else 'numpy BLAS'}")
    for name, seconds in timings.items():
        print(f"{name:10} {words / seconds:9,.0f} words/s {tokens / seconds:9,.0f} tokens/s")


if __name__ == "__main__":
    main()
