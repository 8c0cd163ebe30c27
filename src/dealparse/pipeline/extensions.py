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
