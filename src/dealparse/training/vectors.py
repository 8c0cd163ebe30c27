"""Static floret vectors trained on Korean raw text tokenized like the pipeline's input."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

from spacy.language import Language
from spacy.training.initialize import convert_vectors

from dealparse.tokenizer import blank
from dealparse.training.klue import KLUE_TRAIN_RAW_FILE, read_raw_sentences

# Raw text for vectors: never the KLUE-NER dev sentences (they hold the held-out test split).
RAW_TEXT_FILES: tuple[tuple[str, int], ...] = (
    (KLUE_TRAIN_RAW_FILE, 0),
    ("boddari/wikinews.txt", 0),
    ("boddari/unesco_report.txt", 0),
    ("ko-en-news-parallel/korean-english-park.dev.ko", 0),
    ("ko-en-news-parallel/korean-english-park.test.ko", 0),
    ("nsmc/nsmc-raw-reviews.unique.no-klue-ner-dev.txt.gz", 60_000),
)


def raw_lines(data_dir: Path) -> Iterator[str]:
    """Non-empty lines of the raw-text corpora (a line limit for the large review corpus)."""
    for name, limit in RAW_TEXT_FILES:
        path = data_dir / name
        if name == KLUE_TRAIN_RAW_FILE:
            yield from (text for _, text in read_raw_sentences(path))
            continue
        opener = gzip.open if name.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as handle:
            count = 0
            for line in handle:
                line = line.strip()
                if line:
                    yield line
                    count += 1
                    if limit and count >= limit:
                        break


def write_token_text(data_dir: Path, path: Path) -> int:
    """Write the raw corpora as space-separated Kiwi tokens, a line each; return the line count."""
    tokenizer = blank().tokenizer
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for doc in tokenizer.pipe(raw_lines(data_dir)):
            out.write(" ".join(token.text for token in doc if not token.is_space) + "\n")
            count += 1
    return count


def train_floret(
    token_text: Path, out_prefix: Path, dim: int = 100, bucket: int = 50_000, epochs: int = 25, threads: int = 2
) -> Path:
    """Train floret vectors (character 1–4-grams hashed into ``bucket`` rows); return the ``.floret`` file."""
    import floret

    model = floret.train_unsupervised(
        str(token_text),
        model="cbow",
        mode="floret",
        hashCount=2,
        bucket=bucket,
        minn=1,
        maxn=4,
        minCount=3,
        dim=dim,
        epoch=epochs,
        thread=threads,
    )
    path = out_prefix.with_suffix(".floret")
    model.save_floret_vectors(str(path))
    return path


def vectors_pipeline(floret_file: Path) -> Language:
    """A blank Kiwi pipeline holding the floret vectors (for ``[initialize] vectors``)."""
    nlp = blank()
    convert_vectors(nlp, floret_file, truncate=0, prune=-1, mode="floret")
    return nlp
