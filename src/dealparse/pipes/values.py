"""Value linking: the amount, capacity, date, place, round, office kind and data-center
mode of each candidate event, by the rules of :mod:`dealparse.pipeline.event_rules`
(nearest value to the trigger in the sentence or the trigger's clause)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dealparse.pipeline import event_rules as rules
from dealparse.pipes.context import DocContext
from dealparse.pipes.triggers import MODEL


class ValueLinker:
    """Fill the value slots of ``doc._.candidates``; ``money_scope`` is ``sentence`` or
    ``clause`` (between the neighbouring triggers) per event type."""

    def __init__(self, money_scope: dict[str, str]) -> None:
        self.money_scope = money_scope

    def __call__(self, doc: Doc) -> Doc:
        ctx = DocContext.of(doc)
        text = ctx.text
        lex = rules.lexicon()
        candidates = doc._.candidates or []
        for cand in candidates:
            if cand.role_source != MODEL:
                continue  # the rules linked their candidates' values already
            sent, trig = cand.sentence, cand.trigger
            index = ctx.sentence_index(sent.start_char)
            triggers = ctx.sentence_triggers[index]
            clause_start = max((t.end for t in triggers if t.end <= trig.start), default=sent.start_char)
            clause_end = min((t.start for t in triggers if t.start >= trig.end), default=sent.end_char)
            scope = self.money_scope.get(cand.type, "sentence")
            money_from = sent.start_char if scope == "sentence" else clause_start
            money_to = sent.end_char if scope == "sentence" else clause_end
            cand.amount = rules.nearest(text, doc._.money or [], sent, trig, money_from, money_to)
            cand.date = rules.event_date(doc, text, sent, trig)
            cand.location = rules.location(doc, text, sent, trig, clause_start, clause_end)
            if cand.type == "datacenter":
                around = text[max(sent.start_char, trig.start - 15) : clause_end]
                cand.mode = rules.first_match(lex["datacenter_mode"], around) or trig.spec.get("mode") or "build"
                cand.capacity = rules.nearest(text, doc._.capacities or [], sent, trig)
            elif cand.type == "office_opening":
                cand.kind = rules.first_match(lex["office_kind"], text[sent.start_char : sent.end_char]) or "office"
            elif cand.type == "investment":
                found = rules.ROUND.search(text, sent.start_char, sent.end_char)
                cand.round = found.group().replace(" ", "") if found else None
        rules.complete_from_context(doc, candidates)
        return doc


@Language.factory(
    "dealparse_values",
    assigns=["doc._.candidates"],
    requires=["doc._.candidates", "doc._.money", "doc._.dates", "doc._.places", "doc._.capacities"],
    default_config={"money_scope": {"investment": "sentence", "datacenter": "sentence"}},
)
def make_value_linker(nlp: Language, name: str, money_scope: dict[str, str]) -> ValueLinker:
    """Factory of :class:`ValueLinker`."""
    return ValueLinker(money_scope)
