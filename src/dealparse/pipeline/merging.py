"""Document-level merging: one event per real-world deal, then the typed records.

A deal told twice (a lead repeated in a photo caption, a headline and its body) gives
candidates with the same type and participants and compatible slots; they become one
event whose evidence is the sentence that states it most fully. An investment sentence
that names only investors (A, B 등이 투자에 참여했다) completes the investment just before it.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from dealparse.events import EVENT_TYPES, Evidence, Participant
from dealparse.lexicons import load_toml
from dealparse.mentions import Mention, unique_mentions
from dealparse.pipeline.event_rules import Candidate, complete_from_context, date_from_context, informative
from dealparse.values import Location, Money

_FULL_SENTENCE = re.compile(r"[다요]\s*[.\"'”’]*\s*$")
_TAIL = 12
"""How many of a sentence's last tokens :data:`_FULL_SENTENCE` reads (not the whole sentence)."""
_NEEDS_TWO = frozenset({"mou", "partnership"})
_ONE_PARTY = frozenset({"office_opening", "datacenter"})
"""Types whose re-mentions across sentences may name the company alone or with its new entity."""
_STATUS_RANK = {"confirmed": 0, "planned": 1, "discussing": 2, "negated": 3}
"""A deal told several times takes its most factual status (체결했다 over a headline's 검토)."""
_CONFIDENCE_BY_SOURCE = {"particles": 0.7, "anaphora": 0.55, "topic": 0.45}


def _filled(c: Candidate) -> int:
    slots = (c.amount, c.date, c.location, c.capacity, c.investee, c.round)
    full = bool(_FULL_SENTENCE.search(c.sentence[-_TAIL:].text))
    return sum(s is not None for s in slots) + len(c.participants) + 2 * full


def _dates_agree(a: Candidate, b: Candidate) -> bool:
    """Whether two candidates' dates can be one event's: either is unknown, or one refines
    the other (2024, 2024-11, 2024-11-26)."""
    if a.date is None or b.date is None:
        return True
    return a.date.iso.startswith(b.date.iso) or b.date.iso.startswith(a.date.iso)


def _same_fundraising(a: Candidate, b: Candidate) -> bool:
    """A company's own fund-raising told twice (900억원 규모 투자 유치를 진행 중 … 시리즈C로
    800억원을 유치): the same investee, no investors named, no other round or date."""
    if a.type != "investment" or b.type != "investment" or a.investors or b.investors:
        return False
    if a.investee is None or b.investee is None or a.investee.key != b.investee.key:
        return False
    if a.round and b.round and not (a.round.startswith(b.round) or b.round.startswith(a.round)):
        return False  # 시리즈C and 시리즈C브릿지 are one round
    return _dates_agree(a, b)


def _compatible(a: Candidate, b: Candidate) -> bool:
    same_sentence = a.sentence.start_char == b.sentence.start_char
    if a.type != b.type:
        return False
    if _same_fundraising(a, b):
        return True
    nested = a.keys <= b.keys or b.keys <= a.keys
    if a.keys != b.keys and not (nested and (same_sentence or a.type in _ONE_PARTY)):
        return False  # a re-mention may name fewer parties (투자 계획을 중단; 법인 설립한 것은 맞다)
    if not _dates_agree(a, b):
        return False
    if a.amount and b.amount and not same_figure(a.amount, b.amount):
        return False
    if a.location and b.location and not same_place(a.location[0], b.location[0]):
        return False
    if a.type == "datacenter":
        return True  # one company's data center told as a plan, a search and a lease is one project
    if a.type not in _NEEDS_TWO and a.status != b.status and not same_sentence:
        return False  # a plan and its denial, or two offices, are different events
    return a.kind == b.kind


@cache
def _home_country() -> frozenset[str]:
    return frozenset(load_toml("entity_rules.toml")["home_country"])


def same_place(a: str, b: str) -> bool:
    """Whether two places can be one event's: equal, one inside the other (부산, 부산 강서구),
    or both Korea (국내, 한국)."""
    home = _home_country()
    return a in b or b in a or (a in home and b in home)


def same_figure(a: Money, b: Money) -> bool:
    """Whether two amounts can tell one deal: same currency and a bound in common
    (최대 250억달러, 150억~250억 달러 and 15억~250억 달러 name the same talks)."""
    if a.currency != b.currency:
        return False
    bounds_a = {a.value, a.max_value} - {None}
    return bool(bounds_a & ({b.value, b.max_value} - {None}))


def _absorb(into: Candidate, other: Candidate) -> None:
    """Fill ``into``'s missing slots from ``other``; the fuller sentence gives the evidence."""
    if _filled(other) > _filled(into):
        into.sentence, into.trigger = other.sentence, other.trigger
        if other.keys == into.keys:  # names and offsets as the evidence sentence writes them
            into.participants, into.investors, into.investee = (
                other.participants,
                other.investors or into.investors,
                other.investee or into.investee,
            )
    if into.sentence.start_char == other.sentence.start_char:
        # One sentence telling an act twice: the later telling updates it (검토했으나 … 중단했다).
        later = max(into, other, key=lambda c: c.trigger.start)
        into.status = later.status
    elif into.type == "datacenter":
        # A project searched, planned and leased: the status most of its sentences give,
        # the most factual one on a tie.
        votes = into.status_votes or {into.sentence.start_char: into.status}
        votes.update(other.status_votes or {other.sentence.start_char: other.status})
        into.status_votes = votes
        counted = list(votes.values())
        into.status = min(counted, key=lambda s: (-counted.count(s), _STATUS_RANK[s]))
    elif _STATUS_RANK[other.status] < _STATUS_RANK[into.status]:
        into.status = other.status
    for slot in ("amount", "date", "location", "capacity", "investee", "round"):
        if getattr(into, slot) is None:
            setattr(into, slot, getattr(other, slot))
    if into.date and other.date and len(other.date.iso) > len(into.date.iso):
        into.date = other.date
    into.investors = into.investors or other.investors
    if other.keys > into.keys:
        into.participants = list(other.participants)
    into.mentions += other.mentions


def _attach_investors(candidates: list[Candidate]) -> list[Candidate]:
    """Give an investment without investors the investor-only investment that follows it."""
    out: list[Candidate] = []
    for c in candidates:
        if c.type == "investment" and c.investee is None and c.investors:
            target = next(
                (
                    p
                    for p in reversed(out)
                    if p.type == "investment" and p.investee is not None and not p.investors
                ),
                None,
            )
            if target is not None and c.sentence.start - target.sentence.end <= 40:
                target.investors = list(c.investors)
                target.participants = unique_mentions([*target.participants, *c.investors])
                continue
        out.append(c)
    return out


def merge_candidates(candidates: list[Candidate]) -> list[Candidate]:
    """Merge candidates that tell the same deal; keeps document order of first mention.

    An MOU or partnership needs two named parties: one naming a single party is folded
    into an event of the same type that includes that party, or dropped.
    """
    merged: list[Candidate] = []
    for c in _attach_investors(candidates):
        twin = next((m for m in merged if _compatible(m, c)), None)
        if twin is None:
            merged.append(c)
        else:
            _absorb(twin, c)
    complete = [c for c in merged if c.type not in _NEEDS_TWO or len(c.keys) >= 2]
    for c in merged:
        if c.type in _NEEDS_TWO and len(c.keys) < 2:
            host = next((m for m in complete if m.type == c.type and c.keys <= m.keys), None)
            if host is not None:
                host.mentions += c.mentions
    return complete


def _participant(m: Mention) -> Participant:
    return Participant(name=m.text, canonical=m.canonical, start=m.start, end=m.end)


def to_event(c: Candidate):
    """The typed event of a merged candidate."""
    sent = c.sentence
    stripped = sent.text.strip()
    offset = sent.start_char + sent.text.index(stripped[:1]) if stripped else sent.start_char
    if c.confidence is not None:
        confidence = c.confidence
    else:
        confidence = _CONFIDENCE_BY_SOURCE.get(c.role_source, 0.5)
        # Values the article states make an event surer; a date inferred from context (no text) does not.
        stated = (c.amount, c.date if c.date is not None and c.date.text else None, c.location)
        confidence += 0.05 * sum(x is not None for x in stated) + 0.05 * (c.mentions > 1)
    fields = {
        "participants": [_participant(m) for m in c.participants],
        "amount": c.amount,
        "date": c.date,
        "location": Location(name=c.location[0], text=c.location[0], start=c.location[1], end=c.location[2])
        if c.location
        else None,
        "status": c.status,
        "evidence": Evidence(text=stripped, start=offset, end=offset + len(stripped)),
        "confidence": round(min(confidence, 0.95), 2),
    }
    if c.type == "investment":
        fields.update(
            investors=[_participant(m) for m in c.investors],
            investee=_participant(c.investee) if c.investee else None,
            round=c.round,
        )
    elif c.type == "office_opening":
        fields["kind"] = c.kind
    elif c.type == "datacenter":
        fields.update(capacity=c.capacity, mode=c.mode)
    return EVENT_TYPES[c.type](**fields)


def rule_events(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """The rules' events: ``candidates`` merged, completed from context, the informative ones."""
    merged = merge_candidates(candidates)
    complete_from_context(doc, merged)
    merged = [c for c in merged if informative(c)]
    merged.sort(key=lambda c: c.sentence.start_char)
    date_from_context(doc, merged)
    return merged


class EventMerger:
    """Turn ``doc._.candidates`` into ``doc._.events``."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = [to_event(c) for c in rule_events(doc, doc._.candidates or [])]
        return doc


@Language.factory("dealparse_merge")
def make_event_merger(nlp: Language, name: str) -> EventMerger:
    """Factory of :class:`EventMerger`."""
    return EventMerger()
