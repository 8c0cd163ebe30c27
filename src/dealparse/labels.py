"""The NER label set and its mapping from KLUE-NER and KoNEC labels."""

from __future__ import annotations

from dealparse.money import parse_money

LABELS: tuple[str, ...] = ("ORG", "PER", "LOC", "DATE", "TIME", "MONEY", "QUANTITY")

KLUE_TO_LABEL: dict[str, str] = {
    "OG": "ORG",
    "PS": "PER",
    "LC": "LOC",
    "DT": "DATE",
    "TI": "TIME",
    "QT": "QUANTITY",
}


def label_for_klue(klue_label: str, text: str) -> str:
    """Our label for a KLUE span: KLUE's ``QT`` becomes ``MONEY`` when the span is an amount
    with a currency (``parse_money`` reads it), else ``QUANTITY``."""
    label = KLUE_TO_LABEL[klue_label]
    if label == "QUANTITY" and parse_money(text) is not None:
        return "MONEY"
    return label
