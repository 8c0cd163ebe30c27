"""Build the NER training, tuning and held-out test corpora from the data folder.

* ``test.spacy``: KLUE-NER dev sentences at positions divisible by 5 (the fixed held-out split).
* ``dev.spacy``: every 8th of the remaining 4,000 gold sentences, for model selection.
* ``train/gold.spacy``: the other 3,500 gold sentences.
* ``train/klue-train.spacy``: the labelled KLUE train split when the data folder has it
  (``klue-ner-v1.1_train.tsv``), less every sentence whose text is also a dev sentence (one is:
  train_17082 repeats dev_04155) and, with ``skip_flagged``, less the sentences its
  reassembly flagged for review.
* ``train/silver.spacy``: without the labelled train split, the 21,008 unlabelled KLUE train
  sentences with KoNEC silver labels; the nouns of words that hold a proper noun, Latin script
  or a number and no known form are left missing (partial annotation, see
  :func:`dealparse.training.corpus.to_doc`).
"""

from __future__ import annotations

import json
from pathlib import Path

from dealparse.tokenizer import blank
from dealparse.training.corpus import write_docbin
from dealparse.training.klue import (
    KLUE_DEV_FILE,
    KLUE_TRAIN_FILE,
    KLUE_TRAIN_FLAGS_FILE,
    KLUE_TRAIN_RAW_FILE,
    LabelledText,
    read_flagged,
    read_klue,
    read_raw_sentences,
    split_klue,
)
from dealparse.training.silver import KONEC_FORMS_FILE, SilverLabeller, read_form_labels

TUNE_EVERY = 8


def _key(text: str) -> str:
    return " ".join(text.split())


def klue_train_split(data_dir: Path, skip_flagged: bool = False) -> tuple[list[LabelledText], dict[str, int]]:
    """The labelled KLUE train sentences that may be trained on, and how many were left out why.

    A train sentence whose text is also a dev sentence is left out, so nothing of the held-out
    or tuning split is trained on."""
    dev_texts = {_key(item.text) for item in read_klue(data_dir / KLUE_DEV_FILE)}
    flagged = read_flagged(data_dir / KLUE_TRAIN_FLAGS_FILE) if skip_flagged else set()
    kept: list[LabelledText] = []
    left_out = {"same_text_as_dev": 0, "flagged": 0}
    for item in read_klue(data_dir / KLUE_TRAIN_FILE):
        if _key(item.text) in dev_texts:
            left_out["same_text_as_dev"] += 1
        elif item.id in flagged:
            left_out["flagged"] += 1
        else:
            kept.append(item)
    return kept, left_out


def build_klue_corpora(
    data_dir: Path, out_dir: Path, silver: bool = True, skip_flagged: bool = False
) -> dict[str, dict[str, int]]:
    """Write the KLUE corpora under ``out_dir``; return sentence and span counts per file.

    ``silver`` (the default) also writes the train-split corpus: labelled when the data folder
    has the labelled split, silver-labelled otherwise."""
    nlp = blank()
    labelled = list(read_klue(data_dir / KLUE_DEV_FILE))
    train, test = split_klue(labelled)
    tune = train[::TUNE_EVERY]
    gold = [item for index, item in enumerate(train) if index % TUNE_EVERY]
    parts = {"test.spacy": test, "dev.spacy": tune, "train/gold.spacy": gold}
    left_out: dict[str, int] = {}
    if silver and (data_dir / KLUE_TRAIN_FILE).exists():
        parts["train/klue-train.spacy"], left_out = klue_train_split(data_dir, skip_flagged)
    elif silver:
        raw = list(read_raw_sentences(data_dir / KLUE_TRAIN_RAW_FILE))
        labeller = SilverLabeller(read_form_labels(data_dir / KONEC_FORMS_FILE), [text for _, text in raw])
        parts["train/silver.spacy"] = [labeller(sentence_id, text) for sentence_id, text in raw]
    stats: dict[str, dict[str, int]] = {}
    for name, items in parts.items():
        counts = write_docbin(nlp, items, out_dir / name, partial=name.startswith("train/silver"))
        stats[name] = {"texts": len(items), "spans": counts.aligned, "misaligned_spans": counts.misaligned}
    if left_out:
        stats["train/klue-train.spacy"].update({f"left_out_{k}": v for k, v in left_out.items()})
    (out_dir / "corpora.json").write_text(json.dumps(stats, indent=2) + "\n", encoding="utf-8")
    return stats
