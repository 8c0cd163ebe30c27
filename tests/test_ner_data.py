"""The NER corpora of issue 15: the labelled KLUE train split (no dev text trained on, flagged
sentences optional), spans that cut a token left missing, and deal-news parties as partial ORG
labels with a held-out fold."""

from __future__ import annotations

import json
from pathlib import Path

from dealparse.tokenizer import blank
from dealparse.training.corpus import to_doc
from dealparse.training.datasets import build_klue_corpora, klue_train_split
from dealparse.training.events import fold_of
from dealparse.training.klue import KLUE_DEV_FILE, KLUE_TRAIN_FILE, KLUE_TRAIN_FLAGS_FILE, LabelledText
from dealparse.training.participants import FOLDS, HELD_OUT_FOLD, participant_docs

HEADER = "## 주석 : ##\n"


def _sentence(sentence_id: str, text: str, tagged: dict[int, str]) -> str:
    """A KLUE block; ``tagged`` maps a start offset to ``LABEL:length``."""
    tags = ["O"] * len(text)
    for start, spec in tagged.items():
        label, length = spec.split(":")
        tags[start] = f"B-{label}"
        for i in range(start + 1, start + int(length)):
            tags[i] = f"I-{label}"
    lines = [f"## {sentence_id}\t{text}"] + [f"{c}\t{t}" for c, t in zip(text, tags, strict=True)]
    return "\n".join(lines) + "\n\n"


def _data_folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    (data / "klue-ner").mkdir(parents=True)
    dev = [_sentence(f"dev_{i:05d}", f"새봄텍은 {i}일 발표했다.", {0: "OG:3"}) for i in range(10)]
    (data / KLUE_DEV_FILE).write_text(HEADER + "".join(dev), encoding="utf-8")
    train = [
        _sentence("train_00000", "그린 밸리 파워가 문을 열었다.", {0: "OG:8"}),
        _sentence("train_00001", "새봄텍은 3일 발표했다.", {0: "OG:3"}),  # a dev sentence's text
        _sentence("train_00002", "한빛랩스는 서울에 있다.", {0: "OG:4", 6: "LC:2"}),
    ]
    (data / KLUE_TRAIN_FILE).write_text(HEADER + "".join(train), encoding="utf-8")
    (data / KLUE_TRAIN_FLAGS_FILE).write_text("id\tflags\ntrain_00002\tfuzzy_text_match\n", encoding="utf-8")
    return data


def test_train_split_leaves_out_dev_texts_and_optionally_flagged(tmp_path: Path) -> None:
    data = _data_folder(tmp_path)
    kept, left_out = klue_train_split(data)
    assert [item.id for item in kept] == ["train_00000", "train_00002"]
    assert left_out == {"same_text_as_dev": 1, "flagged": 0}
    kept, left_out = klue_train_split(data, skip_flagged=True)
    assert [item.id for item in kept] == ["train_00000"] and left_out["flagged"] == 1


def test_corpora_use_the_labelled_train_split_instead_of_silver(tmp_path: Path) -> None:
    stats = build_klue_corpora(_data_folder(tmp_path), tmp_path / "corpus")
    assert "train/silver.spacy" not in stats
    assert stats["train/klue-train.spacy"]["texts"] == 2
    assert stats["train/klue-train.spacy"]["left_out_same_text_as_dev"] == 1
    assert (tmp_path / "corpus" / "train" / "klue-train.spacy").exists()


def test_a_span_that_cuts_a_token_leaves_the_token_missing_not_outside() -> None:
    nlp = blank()
    text = "새봄텍은 그린밸리파워에서 만났다."
    doc = nlp.make_doc(text)
    token = next(t for t in doc[1:] if len(t.text) >= 3)
    item = LabelledText("s", text, ((0, 3, "ORG"), (token.idx, token.idx + 2, "LOC")))
    labelled = to_doc(nlp, item, doc)
    assert labelled[token.i].ent_iob_ == ""  # missing
    assert labelled[0].ent_type_ == "ORG"
    assert [t.ent_iob_ for t in labelled if t.i > token.i] == ["O"] * (len(doc) - token.i - 1)


def _article(article_id: str, text: str, parties: list[object]) -> dict[str, object]:
    return {"id": article_id, "published": "2026-01-05", "text": text, "events": [{"type": "mou", "participants": parties}]}


def test_party_names_become_partial_org_labels_outside_the_held_out_fold(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    ids = [f"art-{i}" for i in range(40)]
    held_out = next(i for i in ids if fold_of(i, FOLDS) == HELD_OUT_FOLD)
    trained = next(i for i in ids if fold_of(i, FOLDS) != HELD_OUT_FOLD)
    text = "제목\n새봄텍은 한빛랩스와 업무협약을 맺었다.\n새봄텍홀딩스 관계자는 말했다."
    for article_id in (held_out, trained):
        article = _article(article_id, text, ["새봄텍", ["한빛랩스", "한빛"]])
        (gold / f"{article_id}.json").write_text(json.dumps(article, ensure_ascii=False), encoding="utf-8")
    docs = list(participant_docs(blank(), gold))
    assert len(docs) == 1  # one paragraph of the trained article names parties (the other: a longer name)
    doc = docs[0]
    assert [(e.text, e.label_) for e in doc.ents] == [("새봄텍", "ORG"), ("한빛랩스", "ORG")]
    iob = {t.text: t.ent_iob_ for t in doc}
    assert iob["은"] == "O" and iob["."] == "O"  # particles and punctuation are outside
    assert iob["업무"] == ""  # anything else is missing: the gold lists parties, not every name


def test_entity_stage_keeps_the_models_spans_of_every_label() -> None:
    from spacy.tokens import Span

    import dealparse.pipeline  # noqa: F401 - registers the extensions
    from dealparse.pipeline.entities import NER_SPANS_KEY, EntityRules

    doc = blank()("새봄텍은 내년 상반기 중 공장을 세운다.")
    date = doc.char_span(5, 12, label="DATE", alignment_mode="expand")
    assert date is not None
    doc.ents = [Span(doc, 0, 1, label="ORG"), date]
    EntityRules(detect_publication_date=False)(doc)
    assert [(s.text, s.label_) for s in doc.spans[NER_SPANS_KEY]] == [(doc[0].text, "ORG"), (date.text, "DATE")]
