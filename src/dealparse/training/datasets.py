"""Build the NER training, tuning and held-out test corpora from the data folder.

* ``test.spacy``: KLUE-NER dev sentences at positions divisible by 5 (the fixed held-out split).
* ``dev.spacy``: every 8th of the remaining 4,000 gold sentences, for model selection.
* ``train/gold.spacy``: the other 3,500 gold sentences.
* ``train/silver.spacy``: the 21,008 unlabelled KLUE train sentences with KoNEC silver labels;
  the nouns of words that hold a proper noun, Latin script or a number and no known form are
  left missing (partial annotation, see :func:`dealparse.training.corpus.to_doc`).
"""

from __future__ import annotations

import json
from pathlib import Path

from dealparse.tokenizer import blank
from dealparse.training.corpus import write_docbin
from dealparse.training.klue import (
    KLUE_DEV_FILE,
    KLUE_TRAIN_RAW_FILE,
    read_klue,
    read_raw_sentences,
    split_klue,
)
from dealparse.training.silver import KONEC_FORMS_FILE, SilverLabeller, read_form_labels

TUNE_EVERY = 8


def build_klue_corpora(data_dir: Path, out_dir: Path, silver: bool = True) -> dict[str, dict[str, int]]:
    """Write the KLUE corpora under ``out_dir``; return sentence and span counts per file."""
    nlp = blank()
    labelled = list(read_klue(data_dir / KLUE_DEV_FILE))
    train, test = split_klue(labelled)
    tune = train[::TUNE_EVERY]
    gold = [item for index, item in enumerate(train) if index % TUNE_EVERY]
    parts = {"test.spacy": test, "dev.spacy": tune, "train/gold.spacy": gold}
    if silver:
        raw = list(read_raw_sentences(data_dir / KLUE_TRAIN_RAW_FILE))
        labeller = SilverLabeller(read_form_labels(data_dir / KONEC_FORMS_FILE), [text for _, text in raw])
        parts["train/silver.spacy"] = [labeller(sentence_id, text) for sentence_id, text in raw]
    stats: dict[str, dict[str, int]] = {}
    for name, items in parts.items():
        counts = write_docbin(nlp, items, out_dir / name, partial=name.startswith("train/silver"))
        stats[name] = {"texts": len(items), "spans": counts.aligned, "misaligned_spans": counts.misaligned}
    (out_dir / "corpora.json").write_text(json.dumps(stats, indent=2) + "\n", encoding="utf-8")
    return stats
