"""The accuracy option: configs/ner_transformer.cfg trains and runs with a tiny BERT built
here (random weights, a character vocabulary), so the path is proven without downloads.
Runs only with the `transformers` extra installed."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("spacy_transformers")
transformers = pytest.importorskip("transformers")

import spacy  # noqa: E402
from spacy.training import Example  # noqa: E402
from spacy.util import load_config, load_model_from_config  # noqa: E402

from dealparse.training.workflow import config_path  # noqa: E402

SENTENCES = [
    ("오픈AI는 한국산업은행과 업무협약을 맺었다.", [(0, 4, "ORG"), (6, 12, "ORG")]),
    ("리벨리온은 지난 3일 500억원을 유치했다.", [(0, 4, "ORG"), (6, 11, "DATE"), (12, 17, "MONEY")]),
]


@pytest.fixture
def tiny_bert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    chars = sorted({c for text, _ in SENTENCES for c in text if not c.isspace()})
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars, *(f"##{c}" for c in chars)]
    folder = tmp_path / "tiny-bert"
    folder.mkdir()
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizerFast(vocab_file=str(folder / "vocab.txt"), do_lower_case=False)
    tokenizer.save_pretrained(folder)
    config = transformers.BertConfig(
        vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=37
    )
    transformers.BertModel(config).save_pretrained(folder)
    return folder


def test_transformer_config_trains_saves_and_loads(tiny_bert: Path, tmp_path: Path) -> None:
    config = load_config(config_path("ner_transformer.cfg"), overrides={"paths.transformer": str(tiny_bert)})
    nlp = load_model_from_config(config, auto_fill=True, validate=True)
    assert nlp.pipe_names == ["transformer", "ner"]
    examples = []
    for text, spans in SENTENCES:
        doc = nlp.make_doc(text)
        examples.append(Example.from_dict(doc, {"entities": [(s, e, label) for s, e, label in spans]}))
    optimizer = nlp.initialize(lambda: examples)
    losses: dict[str, float] = {}
    for _ in range(3):
        nlp.update(examples, sgd=optimizer, losses=losses)
    assert losses["ner"] > 0
    doc = nlp(SENTENCES[0][0])
    assert doc._.trf_data is not None and doc.text == SENTENCES[0][0]
    nlp.to_disk(tmp_path / "pipeline")
    reloaded = spacy.load(tmp_path / "pipeline")
    assert reloaded.pipe_names == ["transformer", "ner"]
    for text, _ in SENTENCES:  # the saved weights are the trained ones
        before = [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents]
        assert [(e.start_char, e.end_char, e.label_) for e in reloaded(text).ents] == before
