"""Money parsing: a table of Korean and English forms with hand-computed exact values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dealparse import InvalidInputError, find_money, parse_money
from dealparse.numbers import parse_korean_number

D = Decimal

# (text, value, currency) — values worked out by hand from the Korean units:
# 만 = 10^4, 억 = 10^8, 조 = 10^12.
SIMPLE = [
    ("130억달러", D("13000000000"), "USD"),
    ("130억 달러", D("13000000000"), "USD"),
    ("66억 달러", D("6600000000"), "USD"),
    ("9조2380억원", D("9238000000000"), "KRW"),
    ("9조 2380억원", D("9238000000000"), "KRW"),
    ("20조원", D("20000000000000"), "KRW"),
    ("20조 원", D("20000000000000"), "KRW"),
    ("4조5천억원", D("4500000000000"), "KRW"),
    ("4조 5천억원", D("4500000000000"), "KRW"),
    ("7억5천만 달러", D("750000000"), "USD"),
    ("7억5000만달러", D("750000000"), "USD"),
    ("1.5조원", D("1500000000000"), "KRW"),
    ("2.5억달러", D("250000000"), "USD"),
    ("0.5조원", D("500000000000"), "KRW"),
    ("오천억원", D("500000000000"), "KRW"),
    ("삼조원", D("3000000000000"), "KRW"),
    ("일억오천만원", D("150000000"), "KRW"),
    ("십억 달러", D("1000000000"), "USD"),
    ("천억원", D("100000000000"), "KRW"),
    ("5천만원", D("50000000"), "KRW"),
    ("3천억원", D("300000000000"), "KRW"),
    ("2억5000만원", D("250000000"), "KRW"),
    ("1조6000억원", D("1600000000000"), "KRW"),
    ("1969억9900만원", D("196999000000"), "KRW"),
    ("3561억2900만원", D("356129000000"), "KRW"),
    ("5000억원", D("500000000000"), "KRW"),
    ("800억원", D("80000000000"), "KRW"),
    ("150억원", D("15000000000"), "KRW"),
    ("3억원", D("300000000"), "KRW"),
    ("1,000억원", D("100000000000"), "KRW"),
    ("1,000만 달러", D("10000000"), "USD"),
    ("12,500원", D("12500"), "KRW"),
    ("1000만달러", D("10000000"), "USD"),
    ("100억달러", D("10000000000"), "USD"),
    ("5000억 달러", D("500000000000"), "USD"),
    ("3400억 달러", D("340000000000"), "USD"),
    ("190억 달러", D("19000000000"), "USD"),
    ("500만 유로", D("5000000"), "EUR"),
    ("10억유로", D("1000000000"), "EUR"),
    ("100억엔", D("10000000000"), "JPY"),
    ("100억 엔화", D("10000000000"), "JPY"),
    ("50억위안", D("5000000000"), "CNY"),
    ("50억 위안화", D("5000000000"), "CNY"),
    ("10억파운드", D("1000000000"), "GBP"),
    ("2조동", D("2000000000000"), "VND"),
    ("500만동", D("5000000"), "VND"),
    ("20억 홍콩달러", D("2000000000"), "HKD"),
    ("3억 싱가포르달러", D("300000000"), "SGD"),
    ("13억 미국 달러", D("1300000000"), "USD"),
    ("13억 USD", D("1300000000"), "USD"),
    ("1조 KRW", D("1000000000000"), "KRW"),
    ("$13 billion", D("13000000000"), "USD"),
    ("$13billion", D("13000000000"), "USD"),
    ("US$1.5 billion", D("1500000000"), "USD"),
    ("$500 million", D("500000000"), "USD"),
    ("$2.5bn", D("2500000000"), "USD"),
    ("$40 mn", D("40000000"), "USD"),
    ("$1 trillion", D("1000000000000"), "USD"),
    ("USD 13bn", D("13000000000"), "USD"),
    ("USD 200 million", D("200000000"), "USD"),
    ("€3 billion", D("3000000000"), "EUR"),
    ("EUR 10 million", D("10000000"), "EUR"),
    ("£1.2 billion", D("1200000000"), "GBP"),
    ("¥500 billion", D("500000000000"), "JPY"),
    ("₩1,000,000", D("1000000"), "KRW"),
    ("$1,500", D("1500"), "USD"),
    ("$99", D("99"), "USD"),
    ("100억불", D("10000000000"), "USD"),
]


@pytest.mark.parametrize(("text", "value", "currency"), SIMPLE, ids=[c[0] for c in SIMPLE])
def test_simple_amounts(text: str, value: Decimal, currency: str) -> None:
    money = parse_money(text)
    assert money is not None
    assert (money.value, money.currency) == (value, currency)
    assert money.text == text and money.start == 0 and money.end == len(text)


# (text, expected flag name, value)
QUALIFIED = [
    ("약 20조원", "approximate", D("20000000000000")),
    ("약20조원", "approximate", D("20000000000000")),
    ("대략 300억원", "approximate", D("30000000000")),
    ("300억원 가량", "approximate", D("30000000000")),
    ("300억원가량", "approximate", D("30000000000")),
    ("100억원 안팎", "approximate", D("10000000000")),
    ("100억원 내외", "approximate", D("10000000000")),
    ("100억원쯤", "approximate", D("10000000000")),
    ("100여억원", "approximate", D("10000000000")),
    ("1조원 이상", "at_least", D("1000000000000")),
    ("1조6000억원 이상", "at_least", D("1600000000000")),
    ("1000억원 넘게", "at_least", D("100000000000")),
    ("1000억원 초과", "at_least", D("100000000000")),
    ("최소 500억원", "at_least", D("50000000000")),
    ("최대 2000억원", "at_most", D("200000000000")),
    ("최대 350억달러", "at_most", D("35000000000")),
    ("최대 250억달러", "at_most", D("25000000000")),
    ("100억원 이하", "at_most", D("10000000000")),
    ("100억원 미만", "at_most", D("10000000000")),
    ("1조원대", "bracket", D("1000000000000")),
    ("5000억원대", "bracket", D("500000000000")),
    ("10조원대", "bracket", D("10000000000000")),
]


@pytest.mark.parametrize(("text", "flag", "value"), QUALIFIED, ids=[c[0] for c in QUALIFIED])
def test_qualifiers_become_flags(text: str, flag: str, value: Decimal) -> None:
    money = parse_money(text)
    assert money is not None
    assert money.value == value
    assert getattr(money, flag) is True
    others = {"approximate", "at_least", "at_most", "bracket"} - {flag}
    assert not any(getattr(money, f) for f in others)


NEUTRAL_PREFIXES = [("총 3조원", D("3000000000000")), ("무려 3조원", D("3000000000000"))]


@pytest.mark.parametrize(("text", "value"), NEUTRAL_PREFIXES)
def test_neutral_prefixes_keep_value_without_flags(text: str, value: Decimal) -> None:
    money = parse_money(text)
    assert money is not None and money.value == value
    assert not (money.approximate or money.at_least or money.at_most or money.bracket)


RANGES = [
    ("500만~1000만달러", D("5000000"), D("10000000"), "USD"),
    ("500만 ~ 1000만 달러", D("5000000"), D("10000000"), "USD"),
    ("1~2조원", D("1000000000000"), D("2000000000000"), "KRW"),
    ("3∼5억원", D("300000000"), D("500000000"), "KRW"),
    ("5000억~1조원", D("500000000000"), D("1000000000000"), "KRW"),
    ("15억~250억 달러", D("1500000000"), D("25000000000"), "USD"),
    ("150억~250달러", D("15000000000"), D("25000000000"), "USD"),  # upper bound without its unit
    ("100-200억원", D("10000000000"), D("20000000000"), "KRW"),
]


@pytest.mark.parametrize(("text", "low", "high", "currency"), RANGES, ids=[c[0] for c in RANGES])
def test_ranges_keep_both_bounds(text: str, low: Decimal, high: Decimal, currency: str) -> None:
    money = parse_money(text)
    assert money is not None and money.is_range
    assert (money.value, money.max_value, money.currency) == (low, high, currency)


CONVERSIONS = [
    ("130억달러(약 20조원)", D("13000000000"), "USD", D("20000000000000"), "KRW"),
    ("66억 달러(약 9조2380억원)", D("6600000000"), "USD", D("9238000000000"), "KRW"),
    ("1000만달러(약137억원)", D("10000000"), "USD", D("13700000000"), "KRW"),
    ("100억달러(약 14조원)", D("10000000000"), "USD", D("14000000000000"), "KRW"),
    ("400억 달러(57조원)", D("40000000000"), "USD", D("57000000000000"), "KRW"),
    ("5000억 달러(약 718조 원)", D("500000000000"), "USD", D("718000000000000"), "KRW"),
    ("$13 billion (약 1조3000억원)", D("13000000000"), "USD", D("1300000000000"), "KRW"),
    ("10억유로(한화 약 1조4000억원)", D("1000000000"), "EUR", D("1400000000000"), "KRW"),
    ("100억엔(약 900억원)", D("10000000000"), "JPY", D("90000000000"), "KRW"),
]


@pytest.mark.parametrize(
    ("text", "value", "cur", "alt", "alt_cur"), CONVERSIONS, ids=[c[0] for c in CONVERSIONS]
)
def test_parenthetical_conversion_is_one_amount(
    text: str, value: Decimal, cur: str, alt: Decimal, alt_cur: str
) -> None:
    found = find_money(text)
    assert len(found) == 1
    money = found[0]
    assert (money.value, money.currency) == (value, cur)
    assert money.converted is not None
    assert (money.converted.value, money.converted.currency) == (alt, alt_cur)
    assert money.end == len(text)
    inner = money.converted
    assert text[inner.start : inner.end] == inner.text


def test_conversion_keeps_its_own_flag() -> None:
    money = parse_money("130억달러(약 20조원)")
    assert money is not None and money.converted is not None
    assert money.converted.approximate and not money.approximate


SENTENCES = [
    (
        "오픈AI는 지난달 66억 달러(약 9조2380억원) 투자 유치 후",
        [("66억 달러(약 9조2380억원)", D("6600000000"), "USD")],
    ),
    (
        "SK텔레콤은 지난해 4월 스캐터랩에 150억원을 투자해 7.6%의 지분을 취득했다.",
        [("150억원", D("15000000000"), "KRW")],
    ),
    (
        "국내 AI 시장 규모는 2030년 153억달러에 이를 것으로 전망된다. 글로벌 시장은 8267억달러에 달할 전망이다.",
        [("153억달러", D("15300000000"), "USD"), ("8267억달러", D("826700000000"), "USD")],
    ),
    (
        "스톡 팜 로드는 초기 투자금으로 100억달러를 투입하고, 장기적으로 최대 350억 달러를 투자할 계획이다.",
        [("100억달러", D("10000000000"), "USD"), ("최대 350억 달러", D("35000000000"), "USD")],
    ),
    ("5000억원 규모의 AI 펀드 조성 계획", [("5000억원", D("500000000000"), "KRW")]),
    ("올해만 한국 스타트업에 1조6000억원 이상 투자할 것", [("1조6000억원 이상", D("1600000000000"), "KRW")]),
    ("자본금은 3억원이다.", [("3억원", D("300000000"), "KRW")]),
    ("800억원의 시리즈B 투자 유치", [("800억원", D("80000000000"), "KRW")]),
    ("연 3500억원 베팅", [("3500억원", D("350000000000"), "KRW")]),
]


@pytest.mark.parametrize(("sentence", "expected"), SENTENCES, ids=range(len(SENTENCES)))
def test_amounts_found_in_sentences_with_offsets(sentence: str, expected: list) -> None:
    found = find_money(sentence)
    assert [(m.text, m.value, m.currency) for m in found] == expected
    for m in found:
        assert sentence[m.start : m.end] == m.text


NOT_MONEY = [
    "2024년 11월 26일",
    "11개 도시로 지사를 확대했다",
    "500메가와트 규모",
    "지분 7.6%를 확보했다",
    "전 세계 32개 지역에 100여개",
    "6년간 계약",
    "수십억 달러",
    "수조원대 투자",
    "몇억원",
    "억원",
    "원칙",
    "위원회",
    "2030년까지",
    "3곳을 임차해",
    "약 250명이 참석",
    "",
    "   ",
    "달러 강세",
    "연구소 4동을 짓는다",
    "101동 주민",
]


@pytest.mark.parametrize("text", NOT_MONEY)
def test_not_money(text: str) -> None:
    assert find_money(text) == []
    assert parse_money(text) is None


@pytest.mark.parametrize("bad", [None, 13, b"130\xec\x96\xb5", ["130억원"]])
def test_bad_input_is_a_typed_error(bad: object) -> None:
    with pytest.raises(InvalidInputError):
        find_money(bad)  # type: ignore[arg-type]


NUMBERS = [
    ("9조2380억", D("9238000000000")),
    ("4조5천억", D("4500000000000")),
    ("7억5천만", D("750000000")),
    ("1.5조", D("1500000000000")),
    ("오천억", D("500000000000")),
    ("일억오천만", D("150000000")),
    ("십억", D("1000000000")),
    ("천억", D("100000000000")),
    ("2억5000만", D("250000000")),
    ("1,000", D("1000")),
    ("5천만", D("50000000")),
    ("1조6000억", D("1600000000000")),
    ("130억", D("13000000000")),
    ("0.5억", D("50000000")),
    ("1.25", D("1.25")),
    ("3경", D("30000000000000000")),
    ("백만", D("1000000")),
]


@pytest.mark.parametrize(("text", "value"), NUMBERS, ids=[c[0] for c in NUMBERS])
def test_korean_numbers(text: str, value: Decimal) -> None:
    assert parse_korean_number(text) == value


@pytest.mark.parametrize("text", ["", "억", "조원", "abc", "12 34", "삼성"])
def test_not_numbers(text: str) -> None:
    assert parse_korean_number(text) is None


def test_values_are_decimals_not_floats() -> None:
    for text in ["1.5조원", "$2.5bn", "0.5억원"]:
        money = parse_money(text)
        assert money is not None and isinstance(money.value, Decimal)
