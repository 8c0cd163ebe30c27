"""Custom ``Doc`` attributes the dealparse components read and write (``doc._.NAME``)."""

from __future__ import annotations

from spacy.tokens import Doc

DOC_EXTENSIONS = (
    "published",  # datetime.date | None: base for relative dates
    "orgs",  # list[Mention]: organization mentions
    "places",  # list[Mention]: place mentions
    "money",  # list[Money]
    "capacities",  # list[Capacity]
    "dates",  # list[DateValue]
    "candidates",  # list[Candidate]: events found per sentence, before merging
    "events",  # list[Event]: the document's events
)

for _name in DOC_EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


_TEXT_KEY = "dealparse_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, kept in ``doc.user_data`` after the first call: spaCy joins every token's
    text again on each access, and several stages read it (tokens never change after the
    tokenizer, so neither does the text)."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text
