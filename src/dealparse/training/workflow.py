"""The retraining workflow behind ``dealparse train``.

1. KLUE stage (with ``data_dir`` and no ``base``): build the KLUE corpora, train floret
   vectors, train tok2vec + NER with ``configs/ner.cfg``.
2. Domain stage (with annotations): fine-tune that model (or ``base``) with
   ``configs/ner_finetune.cfg`` on the annotations' train split, mixed with KLUE gold
   sentences and the deal-news paragraphs whose parties are labelled ``ORG``
   (:mod:`dealparse.training.participants`, one fold held out) when the data folder has
   them; ``domain_runs`` runs with different seeds, whose weights are averaged.
3. Self-training (after a KLUE stage, ``self_training_rounds`` times, none by default): the
   model so far labels the silver sentences where KoNEC is silent, a fresh tok2vec + NER (the
   student) is trained on the gold and these sentences with ``configs/ner.cfg``, and the
   domain stage is repeated on the student.
4. Assemble: the trained ``tok2vec`` and ``ner`` followed by the rule components of
   ``configs/rules.cfg``, saved with a meta file recording data hashes, configs, metrics
   and the date.

The annotation split is fixed by id: a record is in the dev split when
``crc32(id) % 5 == 0``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.training.initialize import init_nlp
from spacy.training.loop import train as train_nlp

from dealparse.annotations.records import AnnotationRecord
from dealparse.annotations.store import read_records
from dealparse.errors import InvalidInputError
from dealparse.extractor import load_pipeline, rules_config_path
from dealparse.ops import cpu_ops
from dealparse.tokenizer import blank
from dealparse.training.averaging import average_weights
from dealparse.training.corpus import write_docbin
from dealparse.training.datasets import build_klue_corpora
from dealparse.training.evaluate import evaluate_ner
from dealparse.training.klue import (
    KLUE_DEV_FILE,
    KLUE_TRAIN_FILE,
    KLUE_TRAIN_RAW_FILE,
    LabelledText,
    read_klue,
    split_klue,
)
from dealparse.training.participants import DEAL_NEWS_GOLD, write_participant_docbin
from dealparse.training.self_training import label_with_teacher
from dealparse.training.silver import KONEC_FORMS_FILE
from dealparse.training.vectors import RAW_TEXT_FILES, train_floret, vectors_pipeline, write_token_text

DEV_SPLIT_MODULUS = 5
ANNOTATION_COPIES = 4
"""The domain stage reads the annotations' train split 4 times per pass over its data, beside the
3,500 KLUE gold sentences it rehearses, so deal news is not drowned."""
SELF_TRAINING_ROUNDS = 0
"""Rounds of self-training after the KLUE and domain stages (each takes about 15 minutes). Off
by default: it lifts the KLUE stage by 2–3 F1 points, but after the domain stage the shipped
figures were not better (``models/README.md``)."""
DOMAIN_RUNS = 4
"""Domain-stage runs (seeds 0, 1, …; about 4 minutes each) whose weights are averaged; 1 keeps
a single run."""
MODEL_NAME = "dealparse_ko"
MODEL_LICENSE = "CC BY-SA 4.0"


def config_path(name: str) -> Path:
    """A config file shipped in ``dealparse/configs``."""
    return rules_config_path().parent / name


def in_dev_split(record_id: str) -> bool:
    """Whether an annotation record belongs to the fixed dev split."""
    return zlib.crc32(record_id.encode("utf-8")) % DEV_SPLIT_MODULUS == 0


def load_annotations(paths: Sequence[Path]) -> list[AnnotationRecord]:
    """All records of the given JSONL files (a malformed line raises with its place)."""
    return [record for path in paths for _, record in read_records(path)]


def as_labelled(records: Sequence[AnnotationRecord]) -> list[LabelledText]:
    return [LabelledText(r.id, r.text, r.spans()) for r in records]


@dataclass
class TrainingRun:
    """What ``dealparse train`` was asked to do."""

    output: Path
    work: Path
    data_dir: Path | None = None
    annotations: list[Path] = field(default_factory=list)
    base: Path | None = None
    klue_steps: int | None = None
    finetune_steps: int | None = None
    self_training_rounds: int = SELF_TRAINING_ROUNDS
    domain_runs: int = DOMAIN_RUNS
    skip_flagged: bool = False
    """Leave out the labelled train sentences its reassembly flagged for review."""
    deal_news: bool = False
    """Fine-tune on the deal-news parties as partial ``ORG`` labels too (off by default: it found
    more deal parties but cost NER precision, see ``models/README.md``)."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _train(
    config: str, output: Path, train: Path, dev: Path, steps: int | None, overrides: dict[str, object]
) -> Path:
    """Train with a shipped config on ``train``/``dev``; return the best model's directory."""
    if output.exists():
        shutil.rmtree(output)
    overrides = {"paths.train": str(train), "paths.dev": str(dev), **overrides}
    if steps is not None:
        overrides["training.max_steps"] = steps
    config = spacy.util.load_config(config_path(config), overrides=overrides, interpolate=False)
    output.mkdir(parents=True)
    with cpu_ops():
        train_nlp(init_nlp(config), output, stdout=sys.stdout, stderr=sys.stderr)
    return output / "model-best"


def train_klue_stage(run: TrainingRun) -> Path:
    """Vectors and the KLUE-trained tok2vec + NER; returns the model directory."""
    if run.data_dir is None:
        raise InvalidInputError("the KLUE stage needs the data folder")
    corpus = run.work / "corpus"
    print(f"KLUE corpora: {build_klue_corpora(run.data_dir, corpus, skip_flagged=run.skip_flagged)}", flush=True)
    tokens = run.work / "vectors-tokens.txt"
    write_token_text(run.data_dir, tokens)
    vectors_dir = run.work / "vectors"
    vectors_pipeline(train_floret(tokens, run.work / "vectors")).to_disk(vectors_dir)
    overrides: dict[str, object] = {"paths.vectors": str(vectors_dir)}
    return _train("ner.cfg", run.work / "klue-model", corpus / "train", corpus / "dev.spacy", run.klue_steps, overrides)


def train_student(run: TrainingRun, teacher: Path, round_number: int) -> Path:
    """A fresh tok2vec + NER trained on the KLUE gold sentences and the silver sentences
    labelled by ``teacher`` (see :mod:`dealparse.training.self_training`); needs the KLUE
    stage's corpora and vectors in ``run.work``."""
    corpus = run.work / "corpus"
    student_corpus = run.work / f"student-{round_number}"
    (student_corpus / "train").mkdir(parents=True, exist_ok=True)
    shutil.copy(corpus / "train" / "gold.spacy", student_corpus / "train" / "gold.spacy")
    counts = label_with_teacher(
        load_pipeline(teacher), corpus / "train" / "silver.spacy", student_corpus / "train" / "silver.spacy"
    )
    print(f"self-training round {round_number}: {counts}", flush=True)
    overrides: dict[str, object] = {"paths.vectors": str(run.work / "vectors")}
    return _train(
        "ner.cfg",
        run.work / f"student-{round_number}-model",
        student_corpus / "train",
        corpus / "dev.spacy",
        run.klue_steps,
        overrides,
    )


def train_domain_stage(
    run: TrainingRun, base: Path, records: list[AnnotationRecord], name: str = "domain"
) -> Path:
    """Fine-tune ``base`` on the annotations' train split, ``run.domain_runs`` times with seeds
    0, 1, …, and average the runs' weights (:mod:`dealparse.training.averaging`).

    With the data folder, all KLUE gold sentences are mixed in (the annotations are repeated
    ``ANNOTATION_COPIES`` times against them): on clean labels the model unlearns the silver
    labels' mistakes without forgetting the domain. The checkpoint is chosen on the
    annotations' dev split together with the KLUE tuning sentences, so a gain on deal news is
    not bought with a loss on general text.
    """
    nlp = blank()
    domain = run.work / name
    train_records = [r for r in records if not in_dev_split(r.id)]
    dev_records = [r for r in records if in_dev_split(r.id)] or train_records
    write_docbin(nlp, as_labelled(train_records), domain / "train" / "annotations.spacy", copies=ANNOTATION_COPIES)
    write_docbin(nlp, as_labelled(dev_records), domain / "dev" / "annotations.spacy")
    corpus = run.work / "corpus"
    if run.data_dir is not None and (corpus / "train" / "gold.spacy").exists():
        shutil.copy(corpus / "train" / "gold.spacy", domain / "train" / "klue-gold.spacy")
        shutil.copy(corpus / "dev.spacy", domain / "dev" / "klue-tune.spacy")
    if run.data_dir is not None and run.deal_news and (run.data_dir / DEAL_NEWS_GOLD).is_dir():
        counts = write_participant_docbin(nlp, run.data_dir / DEAL_NEWS_GOLD, domain / "train" / "deal-news.spacy")
        print(f"deal-news parties as partial ORG labels: {counts}", flush=True)
    overrides: dict[str, object] = {"paths.base_model": str(base)}
    if run.finetune_steps is not None:
        overrides["training.eval_frequency"] = max(1, min(200, run.finetune_steps))
    models = [
        _train(
            "ner_finetune.cfg",
            run.work / f"{name}-model-{seed}",
            domain / "train",
            domain / "dev",
            run.finetune_steps,
            {**overrides, "system.seed": seed},
        )
        for seed in range(run.domain_runs)
    ]
    if len(models) == 1:
        return models[0]
    averaged = run.work / f"{name}-averaged"
    average_weights([load_pipeline(model) for model in models]).to_disk(averaged)
    return averaged


def assemble(ner_model: Path) -> Language:
    """The full dealparse pipeline: the model's tok2vec and ner, then the rule components."""
    nlp = load_pipeline(ner_model)
    for name in [n for n in nlp.pipe_names if n not in {"tok2vec", "ner"}]:
        nlp.remove_pipe(name)
    rules = spacy.util.load_config(rules_config_path())
    for name in rules["nlp"]["pipeline"]:
        settings = dict(rules["components"][name])
        factory = settings.pop("factory")
        if name == "sentences":
            nlp.add_pipe(factory, name=name, config=settings, first=True)
        else:
            nlp.add_pipe(factory, name=name, config=settings)
    return nlp


def data_hashes(run: TrainingRun) -> dict[str, str]:
    files: list[Path] = list(run.annotations)
    if run.data_dir is not None:
        names = [KLUE_DEV_FILE, KLUE_TRAIN_FILE, KLUE_TRAIN_RAW_FILE, KONEC_FORMS_FILE, *(n for n, _ in RAW_TEXT_FILES)]
        files.extend(run.data_dir / name for name in dict.fromkeys(names) if (run.data_dir / name).exists())
        if run.deal_news:
            files.extend(sorted((run.data_dir / DEAL_NEWS_GOLD).glob("*.json")))
    return {str(path): sha256(path) for path in files}


def run_training(run: TrainingRun) -> dict[str, object]:
    """Run the stages that the inputs allow; save the assembled pipeline to ``run.output``."""
    if run.data_dir is None and run.base is None:
        raise InvalidInputError("give the data folder (to train on KLUE) or a base model (to fine-tune)")
    if run.output.exists():
        raise FileExistsError(f"{run.output} exists; choose a new output folder")
    run.work.mkdir(parents=True, exist_ok=True)
    model = run.base if run.base is not None else train_klue_stage(run)
    if run.data_dir is not None and not (run.work / "corpus" / "train" / "gold.spacy").exists():
        build_klue_corpora(run.data_dir, run.work / "corpus", silver=False)  # for rehearsal
    records = load_annotations(run.annotations)
    if records:
        model = train_domain_stage(run, model, records)
    if run.base is None:
        for round_number in range(1, run.self_training_rounds + 1):
            model = train_student(run, model, round_number)
            if records:
                model = train_domain_stage(run, model, records, f"domain-{round_number}")
    nlp = assemble(model)
    metrics: dict[str, object] = {}
    if run.data_dir is not None:
        _, test = split_klue(list(read_klue(run.data_dir / KLUE_DEV_FILE)))
        metrics["klue_heldout"] = evaluate_ner(nlp, test).as_dict()
    dev_records = [r for r in records if in_dev_split(r.id)]
    if dev_records:
        metrics["annotations_dev"] = evaluate_ner(nlp, as_labelled(dev_records)).as_dict()
    nlp.meta.update(
        {
            "name": MODEL_NAME,
            "license": MODEL_LICENSE,
            "description": "dealparse's Korean NER (KLUE-NER + KoNEC silver + domain annotations) and event rules",
            "dealparse": {
                "trained": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "base": str(run.base) if run.base else None,
                "self_training_rounds": 0 if run.base else run.self_training_rounds,
                "skip_flagged": run.skip_flagged,
                "deal_news_parties": run.deal_news,
                "domain_runs": run.domain_runs if records else 0,
                "data_sha256": data_hashes(run),
                "annotation_dev_split": f"crc32(id) % {DEV_SPLIT_MODULUS} == 0",
                "klue_heldout_split": "KLUE-NER v1.1 dev sentences at 0-based positions divisible by 5",
                "metrics": metrics,
            },
        }
    )
    nlp.to_disk(run.output)
    (run.output / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    return metrics
