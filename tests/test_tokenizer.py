"""The Kiwi tokenizer: exact round trip, entity alignment, tags, serialization, chunking."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dealparse.tokenizer import blank, get_kiwi, split_chunks

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def nlp():
    return blank()


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_round_trip_on_seeds(nlp, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert nlp(text).text == text


ADVERSARIAL = [
    "",
    " ",
    "\n\n",
    "\t탭\t문자\t",
    "줄\r\n바꿈\r\n",
    "NBSP\u00a0공백",
    "폭\u200b없는\ufeff공백",
    "😀👨‍👩‍👧 이모지 🇰🇷",
    "했다",
    "됐다",
    "입니다",
    "오픈AI다",
    "LG CNS는",
    "$13 billion",
    "130억달러(약 20조원)",
    "  앞뒤 공백  ",
    "a  b   c",
    "\x00\x07제어문자\x1b",
    "ᄒᆞᆫ글 옛 자모",
    "中文漢字とかな",
    "가" * 5000,
    "문장이다. " * 3000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=range(len(ADVERSARIAL)))
def test_round_trip_on_adversarial_strings(nlp, text: str) -> None:
    assert nlp(text).text == text


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_round_trip_property(text: str) -> None:
    assert blank_nlp()(text).text == text


_NLP = []


def blank_nlp():
    if not _NLP:
        _NLP.append(blank())
    return _NLP[0]


@pytest.mark.parametrize(
    ("sentence", "entity"),
    [
        ("오픈AI는 26일 한국산업은행과 MOU를 체결했다.", "오픈AI"),
        ("오픈AI는 26일 한국산업은행과 MOU를 체결했다.", "한국산업은행"),
        ("삼성전자가 투자했다.", "삼성전자"),
        ("SK텔레콤은 데이터센터를 짓는다.", "SK텔레콤"),
        ("LG CNS와 협력한다.", "LG CNS"),
        ("네이버클라우드의 데이터센터", "네이버클라우드"),
        ("오픈AI, 산은과 MOU", "산은"),
        ("퓨리오사AI는 투자를 유치했다.", "퓨리오사AI"),
    ],
)
def test_entities_fall_on_token_boundaries(nlp, sentence: str, entity: str) -> None:
    start = sentence.index(entity)
    assert nlp(sentence).char_span(start, start + len(entity)) is not None


def test_tokens_carry_kiwi_tags(nlp) -> None:
    tags = {t.text: t.tag_ for t in nlp("오픈AI는 한국산업은행과 협약을 체결했다.")}
    assert tags["는"] == "JX"
    assert tags["과"] == "JKB"
    assert tags["체결"] == "NNG"
    assert tags["했"] == "XSV+EP"  # 하 + 었 share one character


def test_chunks_cover_text_exactly() -> None:
    text = ("첫 문장이다. 둘째 문장이다.\n" * 400) + ("긴줄" * 3000)
    chunks = split_chunks(text, 500)
    assert "".join(piece for _, piece in chunks) == text
    assert all(len(piece) <= 500 for _, piece in chunks)
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in chunks)


def test_long_text_offsets_are_consistent(nlp) -> None:
    text = "오픈AI는 한국산업은행과 협약을 맺었다.\n" * 2000
    doc = nlp(text)
    assert doc.text == text
    last = text.rindex("한국산업은행")
    assert doc.char_span(last, last + 6) is not None


def test_single_kiwi_instance() -> None:
    assert get_kiwi() is get_kiwi()


def test_multi_word_dictionary_is_a_config_setting() -> None:
    import spacy

    config = {"nlp": {"tokenizer": {"@tokenizers": "dealparse.KiwiTokenizer.v1", "multi_word_dict": True}}}
    assert spacy.blank("ko", config=config).tokenizer.multi_word_dict is True
    assert blank().tokenizer.multi_word_dict is False  # the default: Kiwi loads in half the time


def test_saved_pipeline_loads_through_entry_point(nlp, tmp_path: Path) -> None:
    nlp.to_disk(tmp_path / "pipe")
    code = (
        "import spacy, sys; nlp = spacy.load(sys.argv[1]); "
        "print('|'.join(t.text for t in nlp('오픈AI는 산은과 협약을 맺었다.')))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "pipe")], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    expected = "|".join(t.text for t in nlp("오픈AI는 산은과 협약을 맺었다."))
    assert out.stdout.strip() == expected
    assert "dealparse" not in code


def test_doc_text_is_the_docs_text_joined_once() -> None:
    from dealparse.pipeline.extensions import doc_text
    from dealparse.tokenizer import blank

    text = "새봄텍은  한빛랩스와\n업무협약을 체결했다."
    doc = blank()(text)
    assert doc_text(doc) == text == doc.text
    assert doc_text(doc) is doc_text(doc)
