"""The event stage: triggers per sentence, roles from particles, status and linked values.

For each sentence, every trigger of ``data/triggers.toml`` proposes an event. Its clause
runs from the end of the previous trigger in the sentence to the start of the next one.
Participants are read from the organizations of the clause by their particles
(A는 B와 … 체결: both parties; A가 B에 투자: investor and investee; …로부터 투자 유치:
investors), falling back to the sentence and then to the subject of the preceding
sentences (Korean often drops a repeated subject). Status comes from cue words in the
clause; amount, capacity, date and place are the nearest ones in the sentence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc, Span

from dealparse.lexicons import load_toml
from dealparse.mentions import Mention, unique_mentions
from dealparse.pipeline.extensions import doc_text
from dealparse.values import Capacity, DateValue, Money, Precision

ROUND = re.compile(
    r"(?:시리즈|Series)\s?[A-Z]\d?(?:\s?브릿지)?|프리\s?(?:IPO|[A-Z])(?![a-z])|시드|엔젤|브릿지"
)
_REPORTING = re.compile(
    r"\s*(?:\(현지\s?시간\)\s*)?(?:관련\s?)?(?:[가-힣A-Za-z]+(?:\([^()]{1,12}\))?\s){0,2}"
    r"(?:업계|외신|보도|공시)[에와]?\s?(?:따르면|의하면)"
)
_TARGET_DATE = re.compile(r"(?:까지|부터|완공|목표|중|내에|안에)")
_V = TypeVar("_V", Money, Capacity)
_RELATIVE_ACTOR = re.compile(r"[가-힣]{0,3}?(?:한|했던|해온|하는)\s+")
_DONE_BEFORE = re.compile(r"(?:후|뒤|이후)\s|끝에\s")
_ANAPHORIC = re.compile(r"(?<![가-힣])(?:이번|해당|이|같은|앞선)\s$")
_NAMING_GAP = re.compile(r"[’'\"”]?\s?(?:이?라는\s?)?|\s*")
"""What may stand between a new entity's name and the trigger (구글코리아 법인, '스타게이트'라는 법인)."""
_COALESCE_GAP = 8
"""Triggers of one type this close together name one act."""
_CONNECTIVES = frozenset({"고", "며", "으며", "면서", "으면서"})
_BULLETS = ("△", "▲", "▶", "■", "●", "•")


@dataclass
class Trigger:
    """A trigger word found in a sentence."""

    type: str
    start: int
    end: int
    spec: dict


@dataclass
class Candidate:
    """An event proposed by one trigger in one sentence, before document-level merging."""

    type: str
    sentence: Span
    trigger: Trigger
    participants: list[Mention] = field(default_factory=list)
    investors: list[Mention] = field(default_factory=list)
    investee: Mention | None = None
    round: str | None = None
    amount: Money | None = None
    capacity: Capacity | None = None
    date: DateValue | None = None
    location: tuple[str, int, int] | None = None
    status: str = "confirmed"
    kind: str | None = None
    mode: str | None = None
    role_source: str = "particles"
    mentions: int = 1
    status_votes: dict[int, str] = field(default_factory=dict)
    """The status each merged sentence gives, by the sentence's start (filled by merging)."""
    confidence: float | None = None
    """The trained components' probability that the event is right (None for the rules)."""
    sources: frozenset[str] = frozenset()
    """After merging: the ``role_source`` of every candidate merged into this one."""
    scores: dict[str, float] = field(default_factory=dict)
    """The trained components' scores (``type``, ``parties``), features of later decisions."""
    status_probs: dict[str, float] = field(default_factory=dict)
    """The status classifier's probability of each status (empty where a cue decided)."""
    decided: bool = False
    """An event the rules already merged and kept: later stages may re-decide its status
    but do not merge or drop it."""

    @property
    def keys(self) -> frozenset[str]:
        """The participants' identities."""
        return frozenset(m.key for m in self.participants)


@cache
def lexicon() -> dict:
    data = load_toml("triggers.toml")
    compiled = []
    for spec in data["trigger"]:
        compiled.append(
            {
                **spec,
                "re": re.compile(spec["pattern"]),
                "needs_re": re.compile(spec["needs"]) if "needs" in spec else None,
            }
        )
    return {
        "triggers": compiled,
        "status": [(name, re.compile("|".join(cues))) for name, cues in data["status"].items()],
        "office_kind": [(name, re.compile("|".join(cues))) for name, cues in data["office_kind"].items()],
        "datacenter_mode": [
            (name, re.compile("|".join(cues))) for name, cues in data["datacenter_mode"].items()
        ],
        "joint": re.compile("|".join(data["joint"]["cues"])),
        "separate": re.compile("|".join(data["joint"]["separate"])),
        "pair_anaphora": re.compile("|".join(data["anaphora"]["pair"])),
    }


def status_cues() -> list[tuple[str, re.Pattern[str]]]:
    """The status cues of ``data/triggers.toml``, in the order the rules try them."""
    return lexicon()["status"]


def find_triggers(text: str, offset: int = 0) -> list[Trigger]:
    """Triggers in a sentence ``text`` (offsets shifted by ``offset``), longest where they overlap."""
    lex = lexicon()
    found: list[Trigger] = []
    for spec in lex["triggers"]:
        for m in spec["re"].finditer(text):
            if spec["needs_re"] is not None:
                window = text[m.end() : m.end() + spec.get("window", 40)]
                before = text[max(0, m.start() - spec.get("window_before", 0)) : m.start()]
                needs = spec["needs_re"]
                if not any(needs.search(t) for t in (window, m.group(), before)) and not needs.search(
                    _list_verb_window(text, m.start(), spec.get("window", 40))
                ):
                    continue  # the bullets' shared verb is looked for only when nothing nearer has one
            found.append(Trigger(spec["type"], offset + m.start(), offset + m.end(), spec))
    found.sort(key=lambda t: (-(t.end - t.start), t.start))
    kept: list[Trigger] = []
    for t in found:
        if all(t.end <= k.start or t.start >= k.end for k in kept):
            kept.append(t)
    coalesced: list[Trigger] = []
    for t in sorted(kept, key=lambda t: t.start):
        prev = coalesced[-1] if coalesced else None
        if prev is not None and prev.type == t.type and t.start - prev.end <= _COALESCE_GAP:
            prev.end = t.end  # 시리즈C 투자 유치: one act named twice
        else:
            coalesced.append(t)
    return coalesced


def _list_verb_window(text: str, start: int, window: int) -> str:
    """For an item of a bulleted list (△A 데이터센터 △B 데이터센터가 들어설 예정이다) other
    than the last, the text from the last item on, where the verb all items share stands."""
    first = min((i for i in (text.find(marker) for marker in _BULLETS) if i >= 0), default=-1)
    last = max(text.rfind(marker) for marker in _BULLETS)
    return text[last : last + window + 60] if 0 <= first < start < last else ""


def first_match(cues: list[tuple[str, re.Pattern[str]]], text: str) -> str | None:
    for name, pattern in cues:
        if pattern.search(text):
            return name
    return None


class EventRules:
    """Propose events sentence by sentence (``doc._.candidates``)."""

    def __init__(self, topic_window: int = 3) -> None:
        self.topic_window = topic_window

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        orgs: list[Mention] = doc._.orgs or []
        candidates: list[Candidate] = []
        recent_subjects: list[tuple[int, list[Mention]]] = []
        for s_index, sent in enumerate(doc.sents):
            s_start, s_end = sent.start_char, sent.end_char
            sent_orgs = [m for m in orgs if s_start <= m.start < s_end]
            topic = next(
                (group for idx, group in reversed(recent_subjects) if s_index - idx <= self.topic_window), []
            )
            triggers = find_triggers(text[s_start:s_end], s_start)
            for k, trig in enumerate(triggers):
                if _ANAPHORIC.search(text, max(s_start, trig.start - 6), trig.start):
                    continue  # 이번 투자를 통해: the deal told before, not a new one
                clause_start = triggers[k - 1].end if k else s_start
                clause_end = triggers[k + 1].start if k + 1 < len(triggers) else s_end
                candidates.extend(
                    self._candidates(
                        doc, text, sent, trig, sent_orgs, clause_start, clause_end, topic, candidates
                    )
                )
            subjects = [m for m in sent_orgs if m.case == "subject"]
            if subjects:
                first_group = [m for m in subjects if m.group == subjects[0].group]
                recent_subjects.append((s_index, first_group))
        doc._.candidates = candidates
        return doc

    def _candidates(
        self,
        doc: Doc,
        text: str,
        sent: Span,
        trig: Trigger,
        sent_orgs: list[Mention],
        clause_start: int,
        clause_end: int,
        topic: list[Mention],
        previous: list[Candidate],
    ) -> list[Candidate]:
        lex = lexicon()
        item_start, item_end = _list_item(text, trig, sent.start_char, sent.end_char)
        if item_start > sent.start_char:  # an item of a bulleted list names its own parties
            sent_orgs = [m for m in sent_orgs if item_start <= m.start < item_end]
        clause_orgs = [m for m in sent_orgs if clause_start <= m.start < trig.start]
        connective = _connective_end(doc, trig.end, clause_end)
        after_orgs = [m for m in sent_orgs if trig.end <= m.start < connective]
        before_orgs = [m for m in sent_orgs if m.start < trig.start]
        cand = Candidate(trig.type, sent, trig)

        subjects = _last_group(m for m in clause_orgs if m.case == "subject") or _last_group(
            m for m in before_orgs if m.case == "subject"
        )
        partners = [m for m in before_orgs + after_orgs if m.case == "with" and m.start >= sent.start_char]
        if not subjects and not partners and clause_orgs:
            subjects = _last_group(iter(clause_orgs))
        relative = _RELATIVE_ACTOR.match(text, trig.end)
        actor = next((m for m in after_orgs if relative and m.start == relative.end()), None)
        if actor is not None:
            # 오픈AI에 투자한 마이크로소프트: the organization after the relative clause acts
            subjects = [actor]
            partners = [m for m in partners if m is not actor]
        elif not subjects and not partners and trig.type in {"office_opening", "datacenter"}:
            # A relative clause names the actor after the act: 한국 법인을 설립한 … 오픈AI의
            actors = [m for m in after_orgs if m.case in {"genitive", "subject"}]
            subjects = [m for m in actors if m.group == actors[0].group] if actors else []
        if not subjects and topic:
            subjects = list(topic)
            cand.role_source = "topic"

        window_text = text[trig.start : clause_end]
        around_text = text[max(sent.start_char, trig.start - 15) : clause_end]

        investees: list[Mention] = []
        if trig.type == "investment":
            investees = self._investment_roles(cand, text, trig, subjects, clause_orgs + after_orgs, sent)
        else:
            cand.participants = unique_mentions(subjects + partners)
            if trig.type in {"mou", "partnership"} and len(cand.participants) < 2:
                if lex["pair_anaphora"].search(text[sent.start_char : sent.end_char]):
                    pair = next((c for c in reversed(previous) if len(c.participants) == 2), None)
                    if pair is not None:
                        cand.participants = list(pair.participants)
                        cand.role_source = "anaphora"
                else:
                    others = [m for m in sent_orgs if m not in cand.participants and m.case != "genitive"]
                    cand.participants = unique_mentions(cand.participants + others)
        if trig.type == "office_opening":
            cand.participants = unique_mentions(cand.participants + _named_office(text, trig, sent_orgs))
        if not cand.participants:
            return []

        sentence_text = text[sent.start_char : sent.end_char]
        # An act the clause places before another (투자 유치 후 …) happened; otherwise the
        # sentence's final verb governs coordinated acts (4900억원을 들여 … 구축하기로 했다).
        past_relative = actor is not None and relative is not None and "하는" not in relative.group()
        cand.status = (
            ("confirmed" if past_relative else None)
            or first_match(lex["status"], window_text)
            or ("confirmed" if _DONE_BEFORE.search(window_text) else None)
            or first_match(lex["status"], text[trig.start : sent.end_char])
            or "confirmed"
        )
        if trig.type == "office_opening":
            cand.kind = first_match(lex["office_kind"], text[trig.start : trig.end]) or "office"
        if trig.type == "datacenter":
            cand.mode = first_match(lex["datacenter_mode"], around_text) or trig.spec.get("mode") or "build"
            cand.capacity = nearest(text, doc._.capacities or [], sent, trig)
        if trig.type == "investment":
            rnd = ROUND.search(sentence_text)
            cand.round = rnd.group().replace(" ", "") if rnd else None
        money_from = sent.start_char if trig.type in {"investment", "datacenter"} else clause_start
        cand.amount = nearest(text, doc._.money or [], sent, trig, money_from, clause_end)
        cand.date = event_date(doc, text, sent, trig)
        cand.location = location(doc, text, sent, trig, clause_start, clause_end)
        if cand.role_source == "topic" and not _anchored(cand):
            return []  # a subject carried from earlier sentences needs the sentence to add facts
        return _split_pairs(cand, subjects, partners, sentence_text, investees)

    @staticmethod
    def _investment_roles(
        cand: Candidate, text: str, trig: Trigger, subjects: list[Mention], orgs: list[Mention], sent: Span
    ) -> list[Mention]:
        """Set the candidate's investors, investee and participants; return the investees listed
        together as targets (A는 B, C에 투자: B and C), one investment each."""
        trigger_text = text[trig.start : trig.end + 12]
        receiving = bool(re.search(r"유치|펀딩|조달|받|시리즈|프리|라운드|시드", trigger_text))
        targets = [m for m in orgs if m.case == "to" and m.start < trig.start]
        sources = [m for m in orgs if m.case == "from"]
        if receiving and not targets:
            cand.investee = subjects[0] if subjects else None
            cand.investors = unique_mentions(sources + [m for m in orgs if m.case == "with"])
        else:
            partners = [m for m in orgs if m.case == "with" and m not in subjects]
            cand.investors = [m for m in subjects if m not in targets]
            cand.investee = targets[-1] if targets else (partners[0] if partners else None)
        if cand.investee is not None:  # 퓨리오사AI에 대한 직접투자: a company does not invest in itself
            cand.investors = [m for m in cand.investors if m.key != cand.investee.key]
        cand.participants = unique_mentions(cand.investors + ([cand.investee] if cand.investee else []))
        investors = {m.key for m in cand.investors}
        return unique_mentions([m for m in _last_group(targets) if m.key not in investors])


_AMOUNT_FOLLOW_UP = re.compile(r"규모|금액|투자금|계약금|자본금")


def complete_from_context(doc: Doc, events: list[Candidate]) -> None:
    """Fill slots that the next sentence or the article gives.

    An event without an amount takes the money of the next sentence when that sentence
    proposes no event of its own and speaks of a size (계약 규모는 100억달러). A planned or
    discussed event without a date is dated by :func:`date_from_context`: a plan is dated
    when it is announced.
    """
    sentences = list(doc.sents)
    index_of = {s.start_char: i for i, s in enumerate(sentences)}
    with_events = {index_of[c.sentence.start_char] for c in doc._.candidates or []}
    money = doc._.money or []
    for cand in events:
        i = index_of[cand.sentence.start_char]
        if cand.amount is None and i + 1 < len(sentences) and i + 1 not in with_events:
            nxt = sentences[i + 1]
            if _AMOUNT_FOLLOW_UP.search(nxt.text):
                cand.amount = next((m for m in money if nxt.start_char <= m.start < nxt.end_char), None)
    date_from_context(doc, events, {"planned", "discussing"})


def date_from_context(doc: Doc, events: list[Candidate], statuses: Collection[str] | None = None) -> None:
    """Date the undated events (of ``statuses``; all when None): the date of an event before
    it within three sentences that shares a participant, else the publication date. Run on
    the final events, it dates what an article reports undated to when it was reported; the
    date then has no ``text``, as no words of the article say it."""
    index_of = {s.start_char: i for i, s in enumerate(doc.sents)}
    for k, cand in enumerate(events):
        if cand.date is not None or (statuses is not None and cand.status not in statuses):
            continue
        i = index_of[cand.sentence.start_char]
        earlier = [
            c.date
            for c in events[:k]
            if c.date is not None and 0 <= i - index_of[c.sentence.start_char] <= 3 and c.keys & cand.keys
        ]
        if earlier:
            cand.date = earlier[-1]
        elif doc._.published is not None:
            cand.date = DateValue.of(doc._.published, Precision.DAY)


def _offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """The doc's token starts and the starts of its connective endings (열고, 맺으며),
    computed once per doc so each look-up is a bisection."""
    key = "dealparse_connectives"
    if key not in doc.user_data:
        starts = [t.idx for t in doc]
        connectives = [t.idx for t in doc if t.tag_.endswith("EC") and t.text in _CONNECTIVES and t.whitespace_]
        doc.user_data[key] = (starts, connectives)
    return doc.user_data[key]


def _connective_end(doc: Doc, start: int, end: int) -> int:
    """Where the trigger's clause ends: at the first connective ending (열고, 맺으며) in a
    token from the one that holds ``start``, else ``end``; parties named after it belong to
    the next act."""
    starts, connectives = _offsets(doc)
    token_start = starts[max(0, bisect.bisect_right(starts, start) - 1)] if starts else start
    index = bisect.bisect_left(connectives, token_start)
    return connectives[index] if index < len(connectives) and connectives[index] < end else end


def informative(cand: Candidate) -> bool:
    """Whether an event says who did what: an investment needs a second party, an amount
    or a round (에너지 인프라 투자를 확대한다 alone is no deal)."""
    if cand.type == "investment":
        return len(cand.participants) > 1 or cand.amount is not None or cand.round is not None
    return True


def _anchored(cand: Candidate) -> bool:
    """Whether a sentence gives facts of its own: money for an investment; a place, size
    or amount for a data center or an office; any partner for the other types."""
    if cand.type == "investment":
        return cand.amount is not None
    if cand.type in {"datacenter", "office_opening"}:
        return any(x is not None for x in (cand.amount, cand.capacity, cand.location))
    return True


def _split_pairs(
    cand: Candidate, subjects: list[Mention], partners: list[Mention], sentence: str, investees: list[Mention]
) -> list[Candidate]:
    """One event per pair when one party deals with several partners separately (A는 B, C와 각각),
    one investment per investor when several invest separately (A와 B는 각각 출자), and one per
    investee when the investors put money into several listed companies (A는 B, C에 투자)."""
    lex = lexicon()
    if cand.type == "investment" and len(investees) >= 2:
        return [replace(cand, investee=i, participants=unique_mentions([*cand.investors, i])) for i in investees]
    if cand.type == "investment" and len(cand.investors) >= 2 and lex["separate"].search(sentence):
        # A와 B는 이 법인에 각각 190억 달러를 출자: one investment per investor
        investee = [cand.investee] if cand.investee else []
        return [replace(cand, investors=[i], participants=[i, *investee]) for i in cand.investors]
    if cand.type not in {"mou", "partnership"} or len(subjects) != 1 or len(partners) < 2:
        return [cand]
    separate = bool(lex["separate"].search(sentence))
    if not separate and (cand.type == "mou" or cand.trigger.spec.get("joint") or lex["joint"].search(sentence)):
        return [cand]
    return [
        replace(cand, participants=[subjects[0], partner])
        for partner in partners
        if partner.key != subjects[0].key
    ]


def _named_office(text: str, trig: Trigger, orgs: list[Mention]) -> list[Mention]:
    """The new entity when the text names it: 유한회사 구글클라우드코리아를 신설했다
    (an object from the trigger on), 구글클라우드코리아 법인 설립 or '스타게이트'라는 합작 법인
    (the name just before it)."""
    objects = [m for m in orgs if m.case == "object" and trig.start <= m.start <= trig.end + 2]
    before = [m for m in orgs if m.end <= trig.start and m.case is None and _NAMING_GAP.fullmatch(text, m.end, trig.start)]
    return objects[:1] + before[-1:]


def _last_group(mentions) -> list[Mention]:
    """The members of the last list (group) among ``mentions``."""
    items = list(mentions)
    if not items:
        return []
    last = items[-1].group
    return [m for m in items if m.group == last]


def _list_item(text: str, trig: Trigger, lo: int, hi: int) -> tuple[int, int]:
    """``lo``–``hi`` narrowed to the trigger's item of a bulleted list (△A 데이터센터(투자
    규모 3000억원) △B …): each item has its own values and place."""
    before = max(text.rfind(marker, lo, trig.start) for marker in _BULLETS)
    if before >= 0:
        lo = before + 1
    after = [i for i in (text.find(marker, trig.end, hi) for marker in _BULLETS) if i >= 0]
    return lo, min(after) if after else hi


def nearest(
    text: str, values: list[_V], sent: Span, trig: Trigger, start: int | None = None, end: int | None = None
) -> _V | None:
    """The value between ``start`` and ``end`` (default: the sentence) closest to the trigger."""
    lo, hi = _list_item(
        text, trig, sent.start_char if start is None else start, sent.end_char if end is None else end
    )
    inside = [v for v in values if lo <= v.start and v.end <= hi]
    if not inside:
        return None
    # Korean puts the amount before the act (400억 달러 규모의 투자 유치): prefer values before it.
    return min(inside, key=lambda v: (v.start > trig.start, abs(v.start - trig.start)))


def event_date(doc: Doc, text: str, sent: Span, trig: Trigger) -> DateValue | None:
    """The date that tells when the event happened: before the trigger, not a target date."""
    published = doc._.published.isoformat() if doc._.published else None
    usable = []
    for d in doc._.dates or []:
        if not (sent.start_char <= d.start and d.end <= sent.end_char):
            continue
        if _TARGET_DATE.match(text, d.end):
            continue
        # Later than the publication at its own precision: a target (다음 달 1일 설립), not the event.
        if published is not None and d.iso > published[: len(d.iso)]:
            continue
        usable.append(d)
    if not usable:
        return None
    before = [d for d in usable if d.start < trig.start]
    if not before:
        return _as_event_date(text, usable[0])
    # The most precise date before the act, nearest first (지난 4월 … 올해만 … 투자 → 지난 4월);
    # a reporting day (9일 업계에 따르면) only when nothing else dates the event.
    rank = {Precision.DAY: 3, Precision.MONTH: 2, Precision.YEAR: 1}

    def score(d: DateValue) -> int:
        return 0 if _REPORTING.match(text, d.end) else rank[d.precision]

    return _as_event_date(text, max(reversed(before), key=score))


def _as_event_date(text: str, date: DateValue) -> DateValue:
    """A reporting day (9일 관련업계에 따르면) dates the event to its month only."""
    if date.precision == Precision.DAY and _REPORTING.match(text, date.end):
        return DateValue(
            iso=date.iso[:7], precision=Precision.MONTH, text=date.text, start=date.start, end=date.end
        )
    return date


def location(
    doc: Doc, text: str, sent: Span, trig: Trigger, clause_start: int, clause_end: int
) -> tuple[str, int, int] | None:
    """The place of the event: places in the clause, adjacent ones joined (미국 뉴욕, 부산 강서구)."""
    clause_start, clause_end = _list_item(text, trig, clause_start, clause_end)
    places = [m for m in doc._.places or [] if clause_start <= m.start and m.end <= clause_end]
    if trig.type in {"mou", "partnership", "investment"}:
        places = [m for m in places if text.startswith("에서", m.end)]
    if not places:
        return None
    near = min(places, key=lambda m: abs(m.start - trig.start))
    start, end = near.start, near.end
    for m in reversed(places):
        if m.end <= start and text[m.end : start].strip() == "" and start - m.end <= 1:
            start = m.start
    for m in places:
        if m.start >= end and text[end : m.start].strip() == "" and m.start - end <= 1:
            end = m.end
    return text[start:end], start, end


@Language.factory("dealparse_events", default_config={"topic_window": 3})
def make_event_rules(nlp: Language, name: str, topic_window: int) -> EventRules:
    """Factory of :class:`EventRules`; ``topic_window``: sentences a dropped subject is carried."""
    return EventRules(topic_window)
