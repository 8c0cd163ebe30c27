"""NER training pieces (KLUE reader, label mapping, silver labels, span scoring), the shipped
model, and a smoke test of the whole annotation loop: import → check → train → evaluate."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from spacy.tokens import Doc, DocBin

import dealparse
from dealparse.annotations.store import read_records
from dealparse.cli import main
from dealparse.extractor import load_pipeline, shipped_model_path
from dealparse.labels import label_for_klue
from dealparse.training.evaluate import score_spans
from dealparse.training.klue import read_klue, split_klue
from dealparse.training.silver import SilverLabeller
from dealparse.training.workflow import ANNOTATION_COPIES, in_dev_split

DATA = Path(__file__).parent / "data"

KLUE_SAMPLE = """## 주석 : ##
## klue-ner-v1_dev_00000-wikitree\t<오픈AI:OG>는 <3억달러:QT>를 <2명:QT>에게
오\tB-OG
픈\tI-OG
A\tI-OG
I\tI-OG
는\tO
 \tO
3\tB-QT
억\tI-QT
달\tI-QT
러\tI-QT
를\tO
 \tO
2\tB-QT
명\tI-QT
에\tO
게\tO

## klue-ner-v1_dev_00001-nsmc\t<서울:LC>
서\tB-LC
울\tI-LC

"""


def test_klue_reader_keeps_text_and_splits_money_from_quantities(tmp_path: Path) -> None:
    path = tmp_path / "klue.tsv"
    path.write_text(KLUE_SAMPLE, encoding="utf-8")
    first, second = read_klue(path)
    assert first.text == "오픈AI는 3억달러를 2명에게"
    assert [(first.text[s:e], label) for s, e, label in first.spans] == [
        ("오픈AI", "ORG"),
        ("3억달러", "MONEY"),
        ("2명", "QUANTITY"),
    ]
    assert second.spans == ((0, 2, "LOC"),)
    assert label_for_klue("QT", "약 5만원") == "MONEY" and label_for_klue("PS", "김") == "PER"


def test_held_out_split_is_every_fifth_sentence_from_the_first() -> None:
    items = list(range(12))
    train, test = split_klue(items)  # type: ignore[arg-type]
    assert test == [0, 5, 10] and len(train) == 9


def test_silver_labels_keep_reliable_forms_at_word_boundaries() -> None:
    forms = {"삼성전자": Counter({"ORG": 5}), "이날": Counter({"DATE": 1}), "영동": Counter({"LOC": 2})}
    sentences = ["삼성전자는 이날 발표했다.", "영동고속도로가 막혔다.", "이날 영동에서", "이날은 맑다", "이날도", "이날"]
    labeller = SilverLabeller(forms, sentences)
    assert "이날" not in labeller.labels  # labelled once in five occurrences
    labelled = labeller("s", "삼성전자는 영동고속도로와 영동에 갔다")
    assert [(labelled.text[s:e], label) for s, e, label in labelled.spans] == [("삼성전자", "ORG"), ("영동", "LOC")]


def test_teacher_entities_fill_only_what_the_silver_labels_leave_open() -> None:
    from spacy.tokens import Span

    from dealparse.tokenizer import blank
    from dealparse.training.corpus import to_doc
    from dealparse.training.klue import LabelledText
    from dealparse.training.self_training import merge_teacher_entities

    nlp = blank()
    text = "오픈AI는 한국산업은행과 협약을 맺었다."
    silver = to_doc(nlp, LabelledText("s", text, ((0, 4, "ORG"),)), partial=True)
    assert any(t.ent_iob == 0 for t in silver)  # the bank's word is missing
    predicted = nlp.make_doc(text)
    bank = predicted.char_span(6, 12, label="ORG", alignment_mode="expand")
    predicted.ents = [Span(predicted, 0, 1, label="PER"), bank]  # 오픈 as PER overlaps the silver span
    merged = merge_teacher_entities(silver, predicted)
    assert [(e.text, e.label_) for e in merged.ents] == [("오픈AI", "ORG"), (bank.text, "ORG")]
    assert all(t.ent_iob != 0 for t in merged)  # nothing is left missing
    assert [t.tag_ for t in merged] == [t.tag_ for t in silver]


def test_silver_labels_join_a_place_to_the_name_after_it_as_klue_does() -> None:
    forms = {"경남": Counter({"LOC": 3}), "진해": Counter({"LOC": 3}), "마이니치신문": Counter({"ORG": 3})}
    labeller = SilverLabeller(forms, ["경남 진해", "경남 마이니치신문"])
    labelled = labeller("s", "경남 진해에서 일본, 경남 마이니치신문")
    assert [(labelled.text[s:e], label) for s, e, label in labelled.spans] == [
        ("경남 진해", "LOC"),
        ("경남 마이니치신문", "ORG"),
    ]


def test_silver_docs_leave_unknown_name_words_missing() -> None:
    from dealparse.tokenizer import blank
    from dealparse.training.corpus import to_doc
    from dealparse.training.klue import LabelledText

    item = LabelledText("s", "오픈AI는 한국산업은행과 불공정 거래 협약을 맺었다.", ((0, 4, "ORG"),))
    silver = {t.text: (t.ent_iob_, t.ent_type_) for t in to_doc(blank(), item, partial=True)}
    assert silver["오픈"] == ("B", "ORG") and silver["AI"] == ("I", "ORG")
    bank = next(v for k, v in silver.items() if "은행" in k)
    assert bank == ("", "")  # in a proper noun's word: missing
    assert silver["과"] == ("O", "")  # its particle is outside
    assert silver["거래"] == ("O", "") and silver["협약"] == ("O", "")  # common-noun words are outside
    gold = {t.text: t.ent_iob_ for t in to_doc(blank(), item)}
    assert next(v for k, v in gold.items() if "은행" in k) == "O"


def test_span_scores_are_exact_match_per_label() -> None:
    scores = score_spans([[(0, 4, "ORG"), (5, 7, "LOC")]], [[(0, 4, "ORG"), (5, 8, "LOC"), (9, 10, "PER")]])
    assert (scores.labels["ALL"].tp, scores.labels["ALL"].fp, scores.labels["ALL"].fn) == (1, 2, 1)
    assert scores.labels["ORG"].f1 == 1.0 and scores.labels["LOC"].f1 == 0.0


needs_model = pytest.mark.skipif(shipped_model_path() is None, reason="no trained model in models/")


@needs_model
def test_default_pipeline_is_the_shipped_model_with_the_rules() -> None:
    nlp = dealparse.load().nlp
    assert nlp.pipe_names[:1] == ["sentences"] and "ner" in nlp.pipe_names
    assert nlp.pipe_names.index("ner") < nlp.pipe_names.index("entities")
    result = dealparse.extract("샘 올트먼 오픈AI CEO는 지난 26일 한국산업은행과 업무협약을 맺었다.", published="2024-11-27")
    assert any(e.label == "PER" for e in result.entities)
    assert [p.name for p in result.events[0].participants] == ["오픈AI", "한국산업은행"]


@needs_model
def test_models_run_on_numpy_blas() -> None:
    from thinc.api import NumpyOps

    nlp = dealparse.load().nlp
    for name in ("tok2vec", "ner"):
        ops = nlp.get_pipe(name).model.ops
        assert isinstance(ops, NumpyOps) and not ops.use_blis


@needs_model
def test_shipped_tok2vec_sees_where_words_end() -> None:
    nlp = load_pipeline(shipped_model_path())
    words, tags = ["삼성", "전자", "와"], ["NNP", "NNG", "JKB"]
    spaced, joined = (Doc(nlp.vocab, words=words, spaces=[gap, False, False], tags=tags) for gap in (True, False))
    vectors = nlp.get_pipe("tok2vec").predict([spaced, joined])
    assert abs(vectors[0][0] - vectors[1][0]).max() > 0.01  # not just rounding


@needs_model
def test_annotation_loop_smoke(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    imported = tmp_path / "imported.jsonl"
    assert main(["annotations", "import", str(DATA / "label_studio_export.json"), "--from", "label-studio", "-o", str(imported)]) == 0
    assert main(["annotations", "check", str(imported)]) == 0
    model = tmp_path / "model"
    args = ["train", "--base", "shipped", "--annotations", str(imported), "--finetune-steps", "2", "--domain-runs", "2"]
    assert main([*args, "-o", str(model)]) == 0
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    assert str(imported) in meta["dealparse"]["data_sha256"] and meta["dealparse"]["domain_runs"] == 2
    assert (tmp_path / "model-work" / "domain-averaged" / "ner").is_dir()
    train_ids = [r.id for _, r in read_records(imported) if not in_dev_split(r.id)]
    repeated = DocBin().from_disk(tmp_path / "model-work" / "domain" / "train" / "annotations.spacy")
    assert train_ids and len(repeated) == ANNOTATION_COPIES * len(train_ids)
    report = tmp_path / "scores.json"
    assert main(["evaluate", "--model", str(model), "--annotations", str(imported), "--json", str(report)]) == 0
    scores = json.loads(report.read_text(encoding="utf-8"))
    assert scores["annotations_ner"]["texts"] == 3
    assert scores["annotations_events"]["slots"]["amount"]["total"] == 1
    out = capsys.readouterr().out
    assert "NER, 3 annotation record(s)" in out and "Events, 1 record(s) with events" in out
    assert main(["train", "--base", "shipped", "--annotations", str(imported), "-o", str(model)]) == 2


@pytest.mark.parametrize("option", [["--domain-runs", "0"], ["--self-training-rounds", "-1"]])
def test_train_refuses_counts_out_of_range(
    tmp_path: Path, option: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["train", "--base", str(tmp_path), *option, "-o", str(tmp_path / "model")]) == 2
    assert option[0] in capsys.readouterr().err
    assert not (tmp_path / "model").exists()


@needs_model
def test_averaged_weights_are_the_mean_and_need_one_architecture() -> None:
    from dealparse.training.averaging import average_weights

    first, second = load_pipeline(shipped_model_path()), load_pipeline(shipped_model_path())
    layer = next(n for n in second.get_pipe("ner").model.walk() if "W" in n.param_names and n.has_param("W"))
    original = layer.get_param("W").copy()
    layer.set_param("W", original + 2.0)
    averaged = average_weights([first, second])
    same = next(n for n in averaged.get_pipe("ner").model.walk() if n.name == layer.name and n.has_param("W"))
    assert abs(float((same.get_param("W") - original).mean()) - 1.0) < 1e-5
    other = load_pipeline(shipped_model_path())
    other.get_pipe("ner").add_label("PRODUCT")
    with pytest.raises(ValueError, match="different labels"):
        average_weights([first, other])
    with pytest.raises(ValueError, match="nothing"):
        average_weights([])


@needs_model
def test_self_training_round_trains_a_student_on_teacher_labels(tmp_path: Path) -> None:
    from dealparse.tokenizer import blank
    from dealparse.training.corpus import write_docbin
    from dealparse.training.workflow import TrainingRun, train_student

    sample = tmp_path / "klue.tsv"
    sample.write_text(KLUE_SAMPLE, encoding="utf-8")
    gold = list(read_klue(sample))
    corpus = tmp_path / "work" / "corpus"
    nlp = blank()
    write_docbin(nlp, gold, corpus / "train" / "gold.spacy")
    write_docbin(nlp, gold, corpus / "train" / "silver.spacy", partial=True)
    write_docbin(nlp, gold, corpus / "dev.spacy")
    (tmp_path / "work" / "vectors").symlink_to(shipped_model_path())  # a pipeline with vectors
    run = TrainingRun(output=tmp_path / "out", work=tmp_path / "work", klue_steps=2)
    student = train_student(run, shipped_model_path(), 1)
    assert (student / "ner").is_dir()
    labelled = list(DocBin().from_disk(tmp_path / "work" / "student-1" / "train" / "silver.spacy").get_docs(nlp.vocab))
    assert len(labelled) == 2 and all(t.ent_iob != 0 for doc in labelled for t in doc)  # fully annotated
    assert [e.text for e in labelled[0].ents][:1] == ["오픈AI"]


@needs_model
def test_plain_spacy_load_of_the_shipped_pipeline_in_a_fresh_interpreter() -> None:
    """The factories come from entry points and the rules and lexicons travel in the folder."""
    import subprocess
    import sys

    code = (
        "import sys, spacy; nlp = spacy.load(sys.argv[1]); "
        "doc = nlp('새봄텍은 5일 한빛랩스와 업무협약을 체결했다.'); "
        "print(len(doc._.events), [e.label_ for e in doc.ents].count('ORG'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(shipped_model_path())], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["1", "2"]
