"""The trained event components (dealparse.pipes) and the CI smoke test of training them:
``dealparse train --events`` on the invented corpus of tests/data/events, loading the saved
pipeline, reproducibility, ``dealparse evaluate --events``, and the gold reader's errors.

The corpus is written for these tests (invented companies, no real article text); it needs no
NER model, since ``--base rules`` puts the components on the rules pipeline.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import numpy as np
import pytest
from spacy.language import Language

from dealparse.cli import main
from dealparse.errors import DealparseError, InvalidInputError
from dealparse.events import EVENT_TYPES, event_adapter
from dealparse.extractor import Extractor, build_rules_pipeline, load
from dealparse.pipes.context import DocContext
from dealparse.pipes.linear import LinearModel
from dealparse.pipes.trained import NotTrainedError
from dealparse.pipes.triggers import EventDetector
from dealparse.training.event_corpus import AlignmentReport, load_examples, preprocess, read_gold_files
from dealparse.training.events import (
    STAGES,
    EventComponents,
    add_event_components,
    expected_calibration_error,
    fold_of,
)

DATA = Path(__file__).parent / "data" / "events"
DOCUMENTS = 9  # 8 gold files and 1 annotation record with events (the record without is left out)
EVENTS = 11
MOU_TEXT = "새봄랩스는 다온로보틱스와 자율주행 로봇 공동 개발을 위한 업무협약(MOU)을 체결했다고 9일 밝혔다."
MOU_PUBLISHED = "2026-04-10"


# --- the corpus itself -------------------------------------------------------------------


def test_corpus_covers_every_event_type_and_its_evidence_is_in_the_text() -> None:
    records = list(read_gold_files([DATA]))
    assert len(records) == DOCUMENTS
    events = [e for r in records for e in r["events"]]
    assert len(events) == EVENTS
    assert {e["type"] for e in events} == set(EVENT_TYPES)
    assert {"confirmed", "planned", "discussing"} <= {e["status"] for e in events}
    for record in records:
        for event in record["events"]:
            assert event["evidence"] in record["text"] and event["trigger"] in event["evidence"]
    annotated = next(r for r in records if r["id"] == "test-event-r01")
    assert annotated["published"] == "2026-03-02" and annotated["events"][0]["type"] == "investment"


# --- LinearModel -------------------------------------------------------------------------

MULTI_X = [["a", "x1"], ["b", "x2"], ["a", "b", "x3"], ["c", "x4"], ["a", "x5"], ["b", "x6"], ["c", "x7"]]
MULTI_Y = [["A"], ["B"], ["A", "B"], [], ["A"], ["B"], []]


def _multilabel(seed: int = 0) -> LinearModel:
    return LinearModel(["A", "B"], multilabel=True, epochs=30, seed=seed).fit(MULTI_X, MULTI_Y)


def test_linear_model_learns_a_separable_multilabel_problem() -> None:
    model = _multilabel()
    assert model.is_trained
    for feats, gold in zip(MULTI_X, MULTI_Y, strict=True):
        probs = model.predict_proba(feats)
        assert set(probs) == {"A", "B"}
        assert all(0.0 <= p <= 1.0 for p in probs.values())
        assert {label for label, p in probs.items() if p >= 0.5} == set(gold), (feats, probs)
    # independent sigmoids: both labels can be likely at once
    both = model.predict_proba(["a", "b"])
    assert both["A"] > 0.5 and both["B"] > 0.5
    assert model.top_features("A", 1)[0][0] == "a"


def test_linear_model_softmax_mode_gives_a_distribution() -> None:
    X = [["좋다"], ["나쁘다"], ["그저"], ["좋다", "정말"], ["나쁘다", "정말"], ["그저", "그렇다"]]
    Y = ["pos", "neg", "neutral", "pos", "neg", "neutral"]
    model = LinearModel(["pos", "neg", "neutral"], epochs=30).fit(X, Y)
    for feats, gold in zip(X, Y, strict=True):
        probs = model.predict_proba(feats)
        assert abs(sum(probs.values()) - 1.0) < 1e-5
        assert all(0.0 <= p <= 1.0 for p in probs.values())
        assert max(probs, key=probs.__getitem__) == gold
    unseen = model.predict_proba(["처음", "보는"])  # only the bias is left
    assert abs(sum(unseen.values()) - 1.0) < 1e-5


@pytest.mark.parametrize("multilabel", [True, False])
def test_linear_model_bytes_round_trip_predicts_the_same(multilabel: bool) -> None:
    Y = MULTI_Y if multilabel else ["A", "B", "A", "C", "A", "B", "C"]
    labels = ["A", "B"] if multilabel else ["A", "B", "C"]
    model = LinearModel(labels, multilabel=multilabel, epochs=10).fit(MULTI_X, Y)
    again = LinearModel.from_bytes(model.to_bytes())
    assert again.labels == model.labels and again.multilabel is multilabel
    assert again.vocab == model.vocab
    for feats in [*MULTI_X, ["a", "never-seen"], []]:
        assert again.predict_proba(feats) == model.predict_proba(feats)
    assert again.to_bytes() == model.to_bytes()


def test_linear_model_training_is_seeded() -> None:
    assert _multilabel(0).to_bytes() == _multilabel(0).to_bytes()
    assert _multilabel(0).to_bytes() != _multilabel(1).to_bytes()  # the seed orders the examples


def test_averaged_weights_are_the_mean_of_the_second_half_of_the_epochs() -> None:
    def weights(epochs: int, average: bool) -> tuple[np.ndarray, np.ndarray]:
        model = LinearModel(["A", "B"], multilabel=True, epochs=epochs, average=average).fit(MULTI_X, MULTI_Y)
        return model.W, model.b

    (w3, b3), (w4, b4) = weights(3, False), weights(4, False)
    w_avg, b_avg = weights(4, True)
    np.testing.assert_allclose(w_avg, (w3 + w4) / 2, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(b_avg, (b3 + b4) / 2, rtol=1e-5, atol=1e-6)
    assert not np.allclose(w_avg, w4)


def test_linear_model_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="at least one label"):
        LinearModel([])
    with pytest.raises(ValueError, match="3 feature rows but 2 labels"):
        LinearModel(["A"], multilabel=True).fit([["a"], ["b"], ["c"]], [["A"], []])
    assert not LinearModel(["A"]).is_trained


# --- components before training ----------------------------------------------------------


@pytest.fixture(scope="module")
def rules_nlp() -> Language:
    return build_rules_pipeline()


@pytest.fixture(scope="module")
def examples(rules_nlp: Language) -> list:
    return load_examples(rules_nlp, read_gold_files([DATA]))


@pytest.mark.parametrize("stage", ["triggers", "status", "coref"])
def test_a_component_run_before_training_says_how_to_train_it(rules_nlp: Language, stage: str) -> None:
    components = EventComponents.from_config()
    doc = preprocess(rules_nlp, MOU_TEXT, MOU_PUBLISHED)
    doc._.candidates = []
    with pytest.raises(NotTrainedError, match="dealparse train --events") as info:
        getattr(components, stage)(doc)
    assert isinstance(info.value, DealparseError)
    assert repr(stage) in str(info.value)


def test_an_untrained_pipeline_refuses_to_extract() -> None:
    nlp = build_rules_pipeline()
    add_event_components(nlp)
    assert nlp.pipe_names == ["sentences", "entities", *STAGES]  # the rule stages were replaced
    with pytest.raises(NotTrainedError):
        Extractor(nlp).extract(MOU_TEXT, MOU_PUBLISHED)


def test_fresh_copies_keep_the_settings_and_drop_the_models(examples: list) -> None:
    detector = EventComponents.from_config().triggers
    detector.fit(examples, seed=0)
    fresh = detector.fresh()
    assert type(fresh) is EventDetector and fresh.cfg == detector.cfg and fresh.name == detector.name
    assert detector.models and not fresh.models


def test_trained_component_disk_round_trip(examples: list, tmp_path: Path) -> None:
    detector = EventDetector("triggers", threshold=0.3, epochs=4)
    detector.fit(examples, seed=0)
    detector.to_disk(tmp_path / "triggers")
    assert (tmp_path / "triggers" / "types.msgpack").is_file()
    loaded = EventDetector("triggers").from_disk(tmp_path / "triggers")
    assert loaded.cfg == detector.cfg and loaded.threshold == 0.3
    assert loaded.epochs == 4 and loaded.with_rules is True
    ctx = DocContext.of(examples[1].doc)
    assert loaded.type_scores(ctx) == detector.type_scores(ctx)


def test_rule_types_are_filled_by_the_model_only_where_the_rules_found_none(examples: list) -> None:
    filling = EventDetector("triggers", rule_types=["investment"], fill_threshold=0.0)  # every sentence
    filling.fit(examples, seed=0)
    never = EventDetector("triggers", rule_types=["investment"])
    never.models = filling.models
    decided_somewhere = False
    for ex in examples:
        ctx = DocContext.of(ex.doc)
        candidates = filling(ex.doc)._.candidates
        ruled = {i for i, found in enumerate(ctx.rule_candidates) if any(c.type == "investment" for c in found)}
        filled = [ctx.sentence_index(c.sentence.start_char) for c in candidates if c.type == "investment" and not c.decided]
        assert sorted(filled) == sorted(set(range(len(ctx.sentences))) - ruled)
        decided_somewhere |= any(c.decided for c in candidates)
        assert all(c.decided for c in never(ex.doc)._.candidates if c.type == "investment")
    assert decided_somewhere


# --- the smoke test: train, save, load, extract ------------------------------------------


def _train(output: Path, seed: int = 0) -> int:
    return main(["train", "--events", str(DATA), "--base", "rules", "-o", str(output), "--seed", str(seed)])


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("events") / "model"
    assert _train(output) == 0
    return output


@pytest.fixture(scope="module")
def trained_extractor(trained: Path) -> Extractor:
    return load(trained)


def _predictions(extractor: Extractor) -> list[list[dict]]:
    texts = [(r["text"], r.get("published")) for r in read_gold_files([DATA])] + [(MOU_TEXT, MOU_PUBLISHED)]
    return [[e.model_dump(mode="json") for e in extractor.extract(t, p).events] for t, p in texts]


def test_train_writes_what_it_trained_on_into_meta(trained: Path) -> None:
    meta = json.loads((trained / "meta.json").read_text(encoding="utf-8"))
    info = meta["dealparse_events"]
    assert info["seed"] == 0 and info["documents"] == DOCUMENTS and info["events"] == EVENTS
    assert info["gold"] == [str(DATA)]
    for stage in ("triggers", "arguments", "status", "coref"):
        assert list((trained / stage).glob("*.msgpack")), stage


def test_saved_pipeline_loads_and_extracts_valid_events(trained_extractor: Extractor) -> None:
    names = trained_extractor.nlp.pipe_names
    assert names[-len(STAGES) :] == list(STAGES)
    assert "events" not in names and "merge" not in names
    result = trained_extractor.extract(MOU_TEXT, MOU_PUBLISHED)
    assert result.events
    for event in result.events:
        record = event.model_dump(mode="json")
        assert event_adapter.validate_python(record) == event
        assert 0.0 <= event.confidence <= 1.0
        assert (
            event.evidence is not None
            and MOU_TEXT[event.evidence.start : event.evidence.end] == event.evidence.text
        )
        for party in event.participants:
            assert MOU_TEXT[party.start : party.end] == party.name
    mou = next(e for e in result.events if e.type == "mou")
    assert [p.name for p in mou.participants] == ["새봄랩스", "다온로보틱스"]
    assert mou.status.value == "confirmed"
    assert mou.date is not None and mou.date.iso == "2026-04-09"


def test_batch_extraction_with_the_trained_stages_matches_one_by_one(trained_extractor: Extractor) -> None:
    records = list(read_gold_files([DATA]))
    batch = list(
        trained_extractor.extract_many([(r["text"], r.get("published")) for r in records], batch_size=4)
    )
    one_by_one = [trained_extractor.extract(r["text"], r.get("published")) for r in records]
    assert [r.events for r in batch] == [r.events for r in one_by_one]


def test_training_is_reproducible_and_seeded(
    trained: Path, trained_extractor: Extractor, tmp_path: Path
) -> None:
    assert _train(tmp_path / "again", seed=0) == 0
    assert _predictions(load(tmp_path / "again")) == _predictions(trained_extractor)
    for file in sorted(trained.glob("*/*.msgpack")):
        assert (tmp_path / "again" / file.relative_to(trained)).read_bytes() == file.read_bytes(), file
    assert _train(tmp_path / "other", seed=1) == 0
    meta = json.loads((tmp_path / "other" / "meta.json").read_text(encoding="utf-8"))
    assert meta["dealparse_events"]["seed"] == 1
    assert (tmp_path / "other" / "triggers" / "types.msgpack").read_bytes() != (
        trained / "triggers" / "types.msgpack"
    ).read_bytes()


@pytest.mark.parametrize(
    ("gold", "message"), [("empty", "no gold event files"), ("missing", "no such file or folder")]
)
def test_train_without_gold_files_exits_2(
    tmp_path: Path, gold: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / gold
    if gold == "empty":
        folder.mkdir()
    assert main(["train", "--events", str(folder), "--base", "rules", "-o", str(tmp_path / "model")]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "model").exists()


def test_train_refuses_a_non_empty_output_folder(trained: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (trained / "meta.json").read_bytes()
    assert _train(trained, seed=3) == 2
    assert "not empty" in capsys.readouterr().err
    assert (trained / "meta.json").read_bytes() == before


# --- evaluate ----------------------------------------------------------------------------


def test_evaluate_scores_rules_and_trained(
    trained: Path, trained_extractor: Extractor, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report, predictions = tmp_path / "scores.json", tmp_path / "predictions.jsonl"
    args = ["evaluate", "--model", str(trained), "--events", str(DATA), "--json", str(report)]
    assert main([*args, "--predictions", str(predictions)]) == 0
    scores = json.loads(report.read_text(encoding="utf-8"))["events"]
    assert scores["documents"] == DOCUMENTS and scores["folds"] is None
    for side in ("rules", "trained"):
        assert set(scores[side]["per_type"]) == set(EVENT_TYPES)
        overall = scores[side]["events"]
        assert overall["tp"] + overall["fn"] == EVENTS
    assert scores["trained"]["events"]["f1"] >= 0.8  # it has seen these very documents
    assert 0.0 <= scores["ece"] <= 1.0
    out = capsys.readouterr().out
    assert "rules P" in out and "trained P" in out and "the pipeline's trained stages" in out
    lines = [json.loads(line) for line in predictions.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == [r["id"] for r in read_gold_files([DATA])]
    assert [line["events"] for line in lines] == _predictions(trained_extractor)[:-1]


def test_evaluate_cross_validates_the_components_on_the_rules_pipeline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "cv.json"
    args = ["evaluate", "--model", "rules", "--events", str(DATA), "--folds", "2", "--json", str(report)]
    assert main(args) == 0
    scores = json.loads(report.read_text(encoding="utf-8"))["events"]
    assert scores["folds"] == 2 and scores["documents"] == DOCUMENTS
    assert scores["trained"]["events"]["tp"] + scores["trained"]["events"]["fn"] == EVENTS
    assert scores["rules"]["events"]["tp"] + scores["rules"]["events"]["fn"] == EVENTS
    assert 0.0 <= scores["ece"] <= 1.0
    captured = capsys.readouterr()
    assert "2-fold cross-validation by article" in captured.out
    assert "fold 1/2" in captured.err and "fold 2/2" in captured.err


def test_evaluate_with_several_seeds_prints_each_run_and_the_mean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "cv.json"
    args = ["evaluate", "--model", "rules", "--events", str(DATA), "--folds", "2", "--seed", "0", "1"]
    assert main([*args, "--json", str(report)]) == 0
    scores = json.loads(report.read_text(encoding="utf-8"))["events"]
    assert [run["seed"] for run in scores["runs"]] == [0, 1]
    f1s = [run["trained"]["events"]["f1"] for run in scores["runs"]]
    assert scores["trained_f1"] == f1s
    assert scores["mean_f1"] == pytest.approx(sum(f1s) / 2, abs=1e-4)
    assert scores["spread"] == pytest.approx(max(f1s) - min(f1s), abs=1e-4)
    out = capsys.readouterr().out
    assert "cross-validation by article, seed 0)" in out and "cross-validation by article, seed 1)" in out
    assert f"trained event F1 over seeds 0 1: {f1s[0]:.3f} {f1s[1]:.3f}; mean {sum(f1s) / 2:.4f}" in out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--folds", "1"], "--folds must be 2 or more"),
        ([], "no trained event components"),
        (["--seed", "0", "1"], "several --seed values need --folds"),
        (["--folds", "2", "--seed", "0", "1", "--predictions", "p.jsonl"], "--predictions writes one run"),
    ],
)
def test_evaluate_refuses_what_it_cannot_score(
    tmp_path: Path, extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "scores.json"
    assert main(["evaluate", "--model", "rules", "--events", str(DATA), *extra, "--json", str(report)]) == 2
    assert message in capsys.readouterr().err
    assert not report.exists()


# --- gold files and their alignment ------------------------------------------------------


def _gold(text: str, *events: dict) -> dict:
    return {"id": "doc", "published": "2026-03-12", "text": text, "events": list(events)}


def test_read_gold_files_reads_folders_sorted_and_names_records(tmp_path: Path) -> None:
    for name in ("b", "a"):
        (tmp_path / f"{name}.json").write_text(json.dumps({"text": f"{name} 문서"}), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not gold", encoding="utf-8")
    assert [r["id"] for r in read_gold_files([tmp_path])] == ["a", "b"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.json", "{not json", "not a UTF-8 JSON gold file"),
        ("latin.json", b"\xff\xfe\x00", "not a UTF-8 JSON gold file"),
        ("notext.json", json.dumps({"id": "x", "events": []}), "needs a 'text' string"),
        ("number.json", json.dumps({"text": 42}), "needs a 'text' string"),
        ("list.json", json.dumps(["text"]), "needs a 'text' string"),
        ("lines.jsonl", '{"id": "a", "text": "가", "events": []}\nnot json\n', "malformed line"),
        (
            "notype.json",
            json.dumps({"text": "가", "events": [{"participants": ["한빛테크"]}]}),
            "event 0: type",
        ),
        ("dict.json", json.dumps({"text": "가", "events": {"type": "mou"}}), "'events' must be a list"),
        ("merger.json", json.dumps({"text": "가", "events": [{"type": "merger"}]}), "event 0: type"),
        (
            "maybe.json",
            json.dumps({"text": "가", "events": [{"type": "mou", "status": "maybe"}]}),
            "event 0: status",
        ),
    ],
)
def test_read_gold_files_refuses_bad_files(
    tmp_path: Path, name: str, content: str | bytes, message: str
) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInputError, match=message) as info:
        list(read_gold_files([path]))
    assert name in str(info.value)


def test_read_gold_files_refuses_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="no such file or folder"):
        list(read_gold_files([tmp_path / "nowhere"]))


def test_alignment_report_counts_what_does_not_align(rules_nlp: Language) -> None:
    sentences = [
        "한빛테크는 새봄랩스와 지난 10일 업무협약을 체결했다.",
        "미르클라우드는 춘천에 데이터센터를 구축할 계획이다.",
    ]
    text = " ".join(sentences)
    good = {
        "type": "mou",
        "participants": ["한빛테크", "새봄랩스"],
        "evidence": sentences[0],
        "trigger": "업무협약을 체결했다",
    }
    bad_trigger = {
        "type": "datacenter",
        "participants": ["미르클라우드"],
        "evidence": sentences[1],
        "trigger": "데이터센터를 임차",
    }
    nowhere = {
        "type": "investment",
        "participants": ["라온바이오"],
        "evidence": "없는 문장이다.",
        "trigger": "투자했다",
    }
    no_trigger = {"type": "mou", "participants": ["한빛테크", "새봄랩스"], "evidence": sentences[0]}
    report = AlignmentReport()
    (example,) = load_examples(rules_nlp, [_gold(text, good, bad_trigger, nowhere, no_trigger)], report)
    assert report.documents == 1 and report.events == 4
    assert report.problems == {"trigger not in text": 1, "evidence not in text": 1, "no trigger": 1}
    # the event without a place is counted, not kept; the others are tied to their evidence
    assert [(e.type, e.sentence) for e in example.events] == [("mou", 0), ("datacenter", 1), ("mou", 0)]
    assert example.gold == [good, bad_trigger, nowhere, no_trigger]
    assert report.parties == 5 and report.parties_found == 5
    summary = report.summary()
    assert "1 documents, 4 events" in summary and "trigger not in text: 1" in summary


def test_a_trigger_outside_its_evidence_is_counted(rules_nlp: Language) -> None:
    sentences = ["한빛테크는 새봄랩스와 업무협약을 맺었다.", "두 회사는 인공지능 칩을 함께 만든다."]
    event = {
        "type": "mou",
        "participants": ["한빛테크", "새봄랩스"],
        "evidence": sentences[1],
        "trigger": "업무협약",
    }
    report = AlignmentReport()
    (example,) = load_examples(rules_nlp, [_gold(" ".join(sentences), event)], report)
    assert report.problems == {"trigger outside its evidence": 1}
    assert [e.sentence for e in example.events] == [0]  # placed on the trigger


# --- folds and calibration ---------------------------------------------------------------


def test_fold_of_is_stable_and_in_range() -> None:
    ids = [f"news-{i:03d}" for i in range(200)]
    for folds in (2, 5):
        assigned = [fold_of(doc_id, folds) for doc_id in ids]
        assert assigned == [fold_of(doc_id, folds) for doc_id in ids]
        assert set(assigned) == set(range(folds))
        assert assigned == [zlib.crc32(doc_id.encode("utf-8")) % folds for doc_id in ids]  # SOURCE.md
    assert fold_of("한빛테크-기사", 5) == zlib.crc32("한빛테크-기사".encode()) % 5


def test_expected_calibration_error() -> None:
    perfect = [(1.0, True)] * 3 + [(0.0, False)] * 3 + [(0.25, True)] + [(0.25, False)] * 3
    assert expected_calibration_error(perfect) == pytest.approx(0.0)
    assert expected_calibration_error([(1.0, False)] * 4) == pytest.approx(1.0)
    assert expected_calibration_error([(0.95, False), (0.99, False)]) == pytest.approx(0.97)
    assert expected_calibration_error([(0.9, True), (0.9, False)]) == pytest.approx(0.4)
    assert expected_calibration_error([]) == 0.0


def test_a_trigger_just_after_its_evidence_is_outside_it() -> None:
    from dealparse.training.event_corpus import _locate

    text = "한빛테크는 새봄랩스와 만났다.업무협약을 맺었다."
    event = {"evidence": "한빛테크는 새봄랩스와 만났다.", "trigger": "업무협약"}
    assert _locate(text, event) == (text.index("업무협약"), "trigger outside its evidence")


def test_a_merged_deal_takes_the_status_its_tellings_give_together(monkeypatch: pytest.MonkeyPatch) -> None:
    from dealparse.mentions import Mention
    from dealparse.pipeline.event_rules import Candidate, Trigger
    from dealparse.pipes.coref import EventCoref
    from dealparse.tokenizer import blank

    text = "새봄텍과 한빛랩스는 협력한다. 두 회사는 협력을 추진할 계획이다."
    doc = blank()(text)
    parties = [Mention(0, 3, "새봄텍"), Mention(5, 9, "한빛랩스")]
    sentences = [doc.char_span(0, 16, alignment_mode="expand"), doc.char_span(17, len(text), alignment_mode="expand")]

    def telling(sentence_index: int, confidence: float, probs: dict[str, float]) -> Candidate:
        sentence = sentences[sentence_index]
        trigger = Trigger("partnership", sentence.start_char, sentence.start_char + 2, {})
        status = max(probs, key=probs.__getitem__)
        return Candidate(
            "partnership", sentence, trigger, list(parties), status=status, confidence=confidence,
            status_probs=probs,
        )

    coref = EventCoref()
    monkeypatch.setattr(coref, "pair_probability", lambda a, b: 1.0)
    weak = {"confirmed": 0.5, "planned": 0.4, "discussing": 0.05, "negated": 0.05}
    strong = {"confirmed": 0.1, "planned": 0.85, "discussing": 0.03, "negated": 0.02}
    [merged] = coref.merge([telling(0, 0.9, weak), telling(1, 0.6, strong)])
    assert merged.sentence is sentences[0] and merged.status == "planned"
    [alone] = coref.merge([telling(0, 0.9, weak)])
    assert alone.status == "confirmed"


def test_a_candidate_joins_a_cluster_only_when_it_retells_its_members_on_average(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A retelling close to one member of a cluster and far from the other starts its own."""
    from dealparse.mentions import Mention
    from dealparse.pipeline.event_rules import Candidate, Trigger
    from dealparse.pipes.coref import EventCoref
    from dealparse.tokenizer import blank

    text = "새봄텍은 한빛랩스와 협력한다. 두 회사는 협력을 이어간다. 새봄텍은 한빛랩스와 또 협력한다."
    doc = blank()(text)
    parties = [Mention(0, 3, "새봄텍"), Mention(5, 9, "한빛랩스")]
    cuts = [0, 17, 32, len(text)]
    sentences = [doc.char_span(cuts[i], cuts[i + 1], alignment_mode="expand") for i in range(3)]
    tellings = [
        Candidate("partnership", s, Trigger("partnership", s.start_char, s.start_char + 2, {}), list(parties), confidence=c)
        for s, c in zip(sentences, (0.9, 0.8, 0.7), strict=True)
    ]
    same = {(0.9, 0.8): 0.9, (0.9, 0.7): 0.1, (0.8, 0.7): 0.8}
    coref = EventCoref(min_overlap=0.5)
    monkeypatch.setattr(coref, "pair_probability", lambda a, b: same[a.confidence, b.confidence])
    merged = coref.merge(tellings)
    assert [m.mentions for m in merged] == [2, 1]
    assert merged[1].sentence is sentences[2]


class _Says:
    """A stand-in for a trained linear model: the probability of its one label by a feature."""

    def __init__(self, label: str, when: str) -> None:
        self.label, self.when = label, when

    def predict_proba(self, features: list[str]) -> dict[str, float]:
        return {self.label: 1.0 if any(f.startswith(self.when) for f in features) else 0.0}


def test_a_rules_mou_with_a_hub_and_partners_is_split_where_the_split_model_says_so(
    rules_nlp: Language,
) -> None:
    from dealparse.pipes.arguments import ArgumentClassifier

    doc = preprocess(rules_nlp, "새봄텍은 한빛랩스, 다온로보틱스, 미르소프트와 업무협약을 체결했다.", None)
    ctx = DocContext.of(doc)
    [cand] = [c for found in ctx.rule_candidates for c in found if c.type == "mou"]
    assert len(cand.participants) == 4
    arguments = ArgumentClassifier()
    arguments.models = {"split": _Says("split", "mou:n=4"), "hub": _Says("hub", "case=subject")}
    pairs = arguments.split_rule(ctx, cand)
    assert [[m.text for m in c.participants] for c in pairs] == [
        ["새봄텍", "한빛랩스"], ["새봄텍", "다온로보틱스"], ["새봄텍", "미르소프트"]
    ]
    arguments.models["split"] = _Says("split", "never")
    assert arguments.split_rule(ctx, cand) == [cand]


def test_pairs_of_different_deals_weigh_more_in_the_pair_model_with_different_weight() -> None:
    from dealparse.pipes.coref import EventCoref

    X = [["overlap=1.0", "gap=30"]] * 6 + [["overlap=1.0", "gap=300"]] * 2
    Y = [["same"]] * 6 + [[]] * 2
    once, weighted = EventCoref(different_weight=1), EventCoref(different_weight=4)
    once.fit_pairs(X, Y)
    weighted.fit_pairs(X, Y)
    far = ["overlap=1.0", "gap=300"]
    assert weighted.model("pairs").predict_proba(far)["same"] < once.model("pairs").predict_proba(far)["same"]
    assert weighted.fresh().different_weight == 4
