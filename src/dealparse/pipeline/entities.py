"""The entity stage: organizations, places, money, capacities and dates, as ``doc.ents``.

It keeps what a trained NER model upstream found (its ``ORG`` and ``LOC`` spans feed the
organization and place lists) and adds the gazetteer, name patterns and the normalizers'
finds. Normalized values are kept on the doc: ``doc._.money``, ``doc._.capacities``,
``doc._.dates``, ``doc._.orgs``, ``doc._.places``. Every span the NER model found, of every
label (its ``DATE``, ``MONEY`` and ``QUANTITY`` too), stays in ``doc.spans["ner"]``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from dealparse.capacity import find_capacities
from dealparse.dates import detect_published, find_dates
from dealparse.mentions import find_organizations, find_places
from dealparse.money import find_money
from dealparse.pipeline.extensions import doc_text

NER_SPANS_KEY = "ner"
"""``doc.spans`` key of the NER model's own spans, kept beside the merged ``doc.ents``."""


class EntityRules:
    """Find and normalize the entities events are built from."""

    def __init__(self, detect_publication_date: bool = True) -> None:
        self.detect_publication_date = detect_publication_date

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        doc.spans[NER_SPANS_KEY] = list(doc.ents)
        if doc._.published is None and self.detect_publication_date:
            found = detect_published(text)
            doc._.published = found.date if found else None
        doc._.orgs = find_organizations(doc, text)
        doc._.places = find_places(doc, text)
        doc._.money = find_money(text)
        doc._.capacities = find_capacities(text)
        doc._.dates = find_dates(text, doc._.published)
        spans: list[Span] = []
        labelled = (
            ("MONEY", doc._.money),
            ("QUANTITY", doc._.capacities),
            ("DATE", doc._.dates),
            ("ORG", doc._.orgs),
            ("LOC", doc._.places),
        )
        for label, values in labelled:
            for value in values:
                span = doc.char_span(value.start, value.end, label=label, alignment_mode="expand")
                if span is not None:
                    spans.append(span)
        covered = {i for span in spans for i in range(span.start, span.end)}
        kept_model_ents = [
            kept
            for e in doc.ents
            if e.label_ not in {"ORG", "LOC", "MONEY", "DATE", "QUANTITY"}
            and (kept := _before_covered(e, covered)) is not None
        ]
        doc.ents = filter_spans(spans + kept_model_ents)
        return doc


def _before_covered(ent: Span, covered: set[int]) -> Span | None:
    """A model's span up to the first token a found entity covers, without trailing spaces
    (김새봄 한빛랩스 tagged PER keeps 김새봄 beside the organization); None if nothing is left."""
    end = next((i for i in range(ent.start, ent.end) if i in covered), ent.end)
    while end > ent.start and ent.doc[end - 1].is_space:
        end -= 1
    return Span(ent.doc, ent.start, end, label=ent.label) if end > ent.start else None


@Language.factory(
    "dealparse_entities",
    assigns=[
        "doc.ents",
        "doc.spans",
        "doc._.published",
        "doc._.orgs",
        "doc._.places",
        "doc._.money",
        "doc._.capacities",
        "doc._.dates",
    ],
    default_config={"detect_publication_date": True},
)
def make_entity_rules(nlp: Language, name: str, detect_publication_date: bool) -> EntityRules:
    """Factory of :class:`EntityRules`."""
    return EntityRules(detect_publication_date)
