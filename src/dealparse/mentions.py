"""Organization and place mentions in a document, and the role their particles give them.

Organizations come from three sources, in order of trust: the gazetteer, entities a
trained NER model put in ``doc.ents``, and name patterns over Kiwi's tags (proper
nouns ending in an organization suffix such as …전자, …은행, …AI, or proper nouns
followed by a particle that are not people or places).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span, Token

from dealparse.gazetteer import locations, organizations
from dealparse.lexicons import load_toml

_HANGUL_NAME = re.compile(r"[가-힣]{2,4}")
_UPPER_ACRONYM = re.compile(r"[A-Z][A-Za-z0-9&+]{1,7}")
_QUOTES = "'\"‘’“”`「」『』<>《》"
_NAME_TAGS = ("NNP", "SL", "SH")
_LOCAL_GOVERNMENT_ENDINGS = ("군", "시", "도", "구")


@dataclass(slots=True)
class Mention:
    """A name in the document: where it is, what it stands for, and its grammatical role."""

    start: int
    end: int
    text: str
    canonical: str | None = None
    kind: str = "org"
    source: str = "gazetteer"
    case: str | None = None
    """subject, with, to, from, object, genitive, or None (no particle)."""
    group: int = -1
    """Mentions listed together (A, B, C와) share a group number."""
    extras: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Identity for comparing mentions: canonical name, else the text."""
        return self.canonical or self.text


@cache
def _rules() -> dict:
    return load_toml("entity_rules.toml")


@cache
def _case_markers() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(_rules()["case"].items(), key=lambda kv: len(kv[0]), reverse=True))


@cache
def _person_titles() -> str:
    """The person titles as one regular-expression alternation, longest first."""
    return "|".join(sorted(map(re.escape, _rules()["person_titles"]), key=len, reverse=True))


@cache
def _person_title_re() -> re.Pattern[str]:
    titles = _person_titles()
    return re.compile(rf"(?:\s*[A-Za-z0-9가-힣]+)?\s*(?:{titles})(?![가-힣])")


@cache
def _titled_re() -> re.Pattern[str]:
    titles = _person_titles()
    return re.compile(rf"\s*(?:{titles})")


@cache
def _speaker_title_re() -> re.Pattern[str]:
    titles = _person_titles()
    return re.compile(rf"\s(?:{titles})(?:은|는|이|가|도|\s역시|\s또한)(?![가-힣])")


_LIST_HEAD = re.compile(
    r"(?:\s[가-힣A-Za-z0-9]{1,8}){1,4}?(?:들)?(?=(?:와의|과의|와|과|이|가|은|는|에|으로부터|로부터)(?![가-힣]))"
)
_BEFORE_PARTICLE = re.compile(r"(?:\s?\([^()\n]{1,30}\))?['\"’”」』>》]?(?:\s*등)?")


def read_case(text: str, end: int) -> tuple[str | None, int]:
    """The role marked after offset ``end`` and the offset after the marker.

    A parenthetical (한국산업은행(KDB)과), a closing quote ('퍼플렉시티'에) and 등 (A, B 등이)
    may stand between the name and its particle.
    """
    skipped = _BEFORE_PARTICLE.match(text, end)
    pos = skipped.end() if skipped else end
    head = _LIST_HEAD.match(text, pos) if text[end:pos].strip().endswith("등") else None
    if head:
        pos = head.end()  # A, B 등 글로벌 기업들과: the list takes its head noun's particle
    for marker, case in _case_markers():
        if text.startswith(marker, pos):
            return case, pos + len(marker)
    return None, end


def _list_continues(text: str, end: int, next_start: int) -> bool:
    """True when only a list separator lies between two names (A, B / A·B / A 및 B)."""
    gap = text[end:next_start].strip()
    return gap in _rules()["list_separators"] or gap in {"와", "과"}


def _is_person(text: str, start: int, end: int) -> bool:
    """A Hangul name of 2–4 syllables followed by a title (최태원 SK그룹 회장, 고 대표)."""
    return bool(_HANGUL_NAME.fullmatch(text[start:end])) and bool(_person_title_re().match(text, end))


def _token_ok_in_name(token: Token, suffixes: frozenset[str]) -> bool:
    return token.tag_ in _NAME_TAGS or (token.tag_ == "NNG" and token.text in suffixes)


def _pattern_orgs(doc: Doc, text: str, people: frozenset[str]) -> list[Mention]:
    """Organization names from Kiwi tags: proper-noun runs ending in a suffix or a particle,
    except the names ``people`` (:func:`_people`) shows to be people."""
    rules = _rules()
    suffixes = frozenset(rules["org_suffixes"])
    not_acronyms = frozenset(rules["not_org_acronyms"])
    not_words = frozenset(rules["not_org_words"])
    not_endings = tuple(rules["not_org_suffixes"])
    found: list[Mention] = []
    i = 0
    while i < len(doc):
        if not _token_ok_in_name(doc[i], suffixes) or doc[i].tag_ == "NNG":
            i += 1
            continue
        j = i + 1
        while j < len(doc) and not doc[j - 1].whitespace_ and _token_ok_in_name(doc[j], suffixes):
            j += 1
        # A space-separated suffix word continues the name (LG CNS, 한국전력 경남본부).
        while (
            j < len(doc)
            and doc[j - 1].whitespace_ == " "
            and (doc[j].text in suffixes or (doc[j].tag_ == "SL" and doc[j - 1].tag_ == "SL"))
            and doc[j].text not in not_acronyms
        ):
            j += 1
        start, end = doc[i].idx, doc[j - 1].idx + len(doc[j - 1])
        name = text[start:end].strip(_QUOTES)
        start = text.index(name, start) if name else start
        end = start + len(name)
        i = j
        if len(name) < 2 or name in not_words or name in not_acronyms or name.endswith(not_endings):
            continue
        if re.search(r"(?:^|\s)[a-z]", name):
            continue  # a phrase (K-Startups meet OpenAI), not a name
        if name in people or name.split()[-1] in people:
            continue
        case, _ = read_case(text, end)
        ends_with_suffix = any(name.endswith(s) and len(name) > len(s) for s in suffixes)
        is_acronym = bool(_UPPER_ACRONYM.fullmatch(name))
        is_proper = doc[i - 1].tag_ == "NNP" or any(
            t.tag_ == "NNP" for t in doc.char_span(start, end, alignment_mode="expand") or ()
        )
        if _is_person(text, start, end):
            continue
        if locations().get(name):
            # A county or city that acts (함양군은 … 협약을 체결) is its local government.
            if name.endswith(_LOCAL_GOVERNMENT_ENDINGS) and case in {"subject", "with"}:
                found.append(Mention(start, end, name, kind="local_government", source="pattern", case=case))
            continue
        if ends_with_suffix or (case is not None and (is_acronym or is_proper)):
            found.append(Mention(start, end, name, source="pattern", case=case))
    return found


def _people(doc: Doc, text: str) -> frozenset[str]:
    """Names the document itself shows to be people: a proper noun before a title
    (최태원 SK그룹 회장, 샘 올트먼 오픈AI 최고경영자), with its last word (올트먼)."""
    people: set[str] = set()
    for token in doc:
        if token.tag_ == "NNP" and _person_title_re().match(text, token.idx + len(token)):
            name = token.text
            if len(name) >= 2 and re.fullmatch(r"[가-힣]{1,4}(?: [가-힣]{1,5})?", name):
                people.add(name)
                people.add(name.split()[-1])
    return frozenset(people)


def unique_mentions(mentions: list[Mention]) -> list[Mention]:
    """``mentions`` without repeats of the same organization (by :attr:`Mention.key`), in order."""
    seen: set[str] = set()
    out: list[Mention] = []
    for m in mentions:
        if m.key not in seen:
            seen.add(m.key)
            out.append(m)
    return out


@cache
def _name_closers() -> tuple[str, ...]:
    """What no particle stands before: a tight list separator or a legal form."""
    return (*_rules()["tight_separators"], *_rules()["legal_forms"])


def _with_glued_tail(text: str, m: Mention) -> Mention:
    """``m`` with the one or two syllables glued between it and a list dot or legal form
    (모아 in ㈜모아이·, where Kiwi read 이 as a particle): no particle stands there."""
    tail = re.match(r"[가-힣]{1,2}", text[m.end : m.end + 2])
    if m.source == "introduced" or tail is None or not text.startswith(_name_closers(), tail.end() + m.end):
        return m
    end = m.end + tail.end()
    return Mention(m.start, end, text[m.start : end], kind=m.kind, source=m.source)


def _strip_particle(text: str, start: int, end: int) -> int:
    """End offset of a model entity without a particle Kiwi glued to it (차바이오텍과);
    unchanged before a list dot or a legal form, which no particle precedes."""
    if text.startswith(_name_closers(), end):
        return end
    name = text[start:end]
    for marker, _ in _case_markers():
        if name.endswith(marker) and len(name) - len(marker) >= 2:
            return end - len(marker)
    return end


def _strip_legal_form(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of a name without a legal form before or after it (유한회사 구글클라우드코리아)."""
    for form in _rules()["legal_forms"]:
        name = text[start:end]
        if name.startswith(form) and len(name.removeprefix(form).strip()) >= 2:
            start += len(form)
            while text[start].isspace():
                start += 1
        elif name.endswith(form) and len(name.removesuffix(form).strip()) >= 2:
            end -= len(form)
            while text[end - 1].isspace():
                end -= 1
    return start, end


@cache
def _introduction_re() -> re.Pattern[str]:
    nouns = "|".join(_rules()["introducing_nouns"])
    return re.compile(rf"[‘'\"“]([^‘’'\"“”\n]{{2,20}})[’'\"”]\s?(?:이?라는|이란)\s?(?:이름의\s)?(?:{nouns})")


@cache
def _reference_re() -> re.Pattern[str]:
    words = "|".join(sorted(map(re.escape, _rules()["reference_words"]), key=len, reverse=True))
    return re.compile(rf"(?<![가-힣])(?:{words})(?![가-힣]{{2}})")


def _introduced_orgs(text: str) -> list[Mention]:
    """Entities the text introduces by name ('스타게이트'라는 합작 법인), and the later
    references to the last one (이 법인에): a reference keeps its own offsets and takes the
    introduced name as its text."""
    introduced = [
        Mention(match.start(1), match.end(1), match.group(1).strip(), source="introduced")
        for match in _introduction_re().finditer(text)
    ]
    references = []
    for ref in _reference_re().finditer(text):
        before = [m for m in introduced if m.end <= ref.start()]
        if before:
            references.append(Mention(ref.start(), ref.end(), before[-1].text, source="introduced"))
    return introduced + references


@cache
def _legal_form_name_re() -> re.Pattern[str]:
    forms = "|".join(map(re.escape, _rules()["legal_forms"]))
    return re.compile(
        rf"(?:{forms})\s?([가-힣A-Za-z0-9&]{{2,30}})|(?<![가-힣A-Za-z0-9&])([가-힣A-Za-z0-9&]{{2,30}})(?:{forms})"
    )


def _legal_form_orgs(text: str) -> list[Mention]:
    """The word after a legal form is a company's name (유한회사 아마존웹서비스코리아를), and so
    is a word glued before one (새봄텍㈜)."""
    found = []
    for match in _legal_form_name_re().finditer(text):
        group = 1 if match.group(1) else 2
        start = match.start(group)
        end = _strip_particle(text, start, match.end(group))
        found.append(Mention(start, end, text[start:end], source="pattern"))
    return found


def _without_place(text: str, m: Mention) -> Mention:
    """A name without the place written before it (광양 KT 클라우드 → KT 클라우드)."""
    first, _, rest = m.text.partition(" ")
    if rest and len(rest) >= 2 and locations().get(first) and not organizations().get(m.text):
        start = m.start + len(first) + 1
        known = organizations().get(rest)
        return Mention(start, m.end, rest, canonical=known[0] if known else None, source=m.source)
    return m


_LIST_ITEM = r"[가-힣A-Za-z][가-힣A-Za-z0-9&]{1,15}"


@cache
def _counted_list_re() -> re.Pattern[str]:
    counters = "|".join(sorted(map(re.escape, _rules()["company_counters"]), key=len, reverse=True))
    separators = "|".join(map(re.escape, [",", "·", "ㆍ", "、"]))
    return re.compile(
        rf"(?<![가-힣A-Za-z0-9&])((?:{_LIST_ITEM}\s?(?:{separators})\s?)+{_LIST_ITEM})\s?(?:등\s?)?\d+\s?(?:{counters})"
    )


def _counted_list_orgs(text: str) -> list[Mention]:
    """The items of a list the text counts as companies (클루커스, 링네트, 위즈 등 6개사)."""
    found = []
    for match in _counted_list_re().finditer(text):
        for item in re.finditer(_LIST_ITEM, match.group(1)):
            start = match.start(1) + item.start()
            found.append(Mention(start, start + len(item.group()), item.group(), source="pattern"))
    return found


def _name_parts(ent: Span) -> list[Span]:
    """A model's ORG span cut where a name cannot go on: at a list separator (KB증권·카카오),
    before a later word that is neither a proper noun, Latin or Chinese script, nor an
    organization suffix (구글클라우드코리아 법인 설립, 앤트로픽 130억달러), and after
    leading words with no name in them (자회사인 새봄텍)."""
    rules = _rules()
    separators = frozenset(rules["list_separators"])
    suffixes = frozenset(rules["org_suffixes"]) | frozenset(rules["division_suffixes"])
    parts: list[Span] = []
    begin = ent.start
    for token in ent:
        at_word_start = token.i > begin and ent.doc[token.i - 1].whitespace_
        if token.text in separators:
            parts.append(ent.doc[begin : token.i])
            begin = token.i + 1
        elif at_word_start and token.tag_ not in _NAME_TAGS and token.text not in suffixes:
            parts.append(ent.doc[begin : token.i])
            begin = ent.end
            break
    if begin < ent.end:
        parts.append(ent.doc[begin : ent.end])
    return [trimmed for p in parts if len((trimmed := _from_first_name_word(p)).text.strip()) >= 2]


def _from_first_name_word(span: Span) -> Span:
    """``span`` from its first word that holds a proper noun or Latin or Chinese script
    (자회사인 새봄텍 → 새봄텍); unchanged when none does."""
    start = span.start
    for token in span:
        if token.i > span.start and span.doc[token.i - 1].whitespace_:
            start = token.i
        if token.tag_ in _NAME_TAGS:
            return span.doc[start : span.end] if start > span.start else span
    return span


def _has_proper_word(span: Span) -> bool:
    """Whether a span holds a proper noun or Latin or Chinese script (not 지사, 법원 alone)."""
    return any(token.tag_ in _NAME_TAGS for token in span)


def _is_suffixed_name(name: str) -> bool:
    """Whether a name is two or more syllables before an organization suffix (라이크자산운용,
    반도체산업협회): a model's organization whose words Kiwi reads as common nouns."""
    compact = name.replace(" ", "")
    not_endings = tuple(_rules()["not_org_suffixes"])
    return not compact.endswith(not_endings) and any(
        compact.endswith(s) and len(compact) - len(s) >= 2 for s in _rules()["org_suffixes"]
    )


def _repeated_names(text: str, found: list[Mention]) -> list[Mention]:
    """Other occurrences of names found in the document (one name, one sense per article):
    차바이오텍과 is an organization when 차바이오텍을 was recognized further on."""
    names = {m.text: m for m in found if len(m.text) >= 3 and m.source != "introduced"}
    if not names:
        return []
    pattern = re.compile(
        "(?<![가-힣A-Za-z0-9])(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + ")"
    )
    repeats = []
    for match in pattern.finditer(text):
        end = match.end()
        if end < len(text) and (text[end].isascii() and text[end].isalnum()):
            continue
        if end < len(text) and "가" <= text[end] <= "힣" and read_case(text, end)[0] is None:
            continue  # part of a longer word (오픈AI → 오픈AI코리아 is another name)
        model = names[match.group()]
        repeats.append(Mention(match.start(), end, match.group(), canonical=model.canonical, source=model.source))
    return repeats


_GLOSSED = re.compile(
    r"(?<![가-힣A-Za-z0-9])((?:[가-힣]{1,8} ){1,4}[가-힣]{1,8})\(([A-Z][\w&.\-]*(?: [A-Z][\w&.\-]*){1,4})\)"
)


def _glossed_orgs(doc: Doc, text: str, people: frozenset[str]) -> list[Mention]:
    """A name of several words glossed word for word in Latin script (그린 밸리 파워(Green
    Valley Power)는): one organization, unless the text shows a person or a known place."""
    found = []
    for match in _GLOSSED.finditer(text):
        words = match.group(1).split()
        size = len(match.group(2).split())
        if size > len(words):
            continue
        name = " ".join(words[-size:])
        if name in people or words[-1] in people or locations().get(name):
            continue
        if words[-1].endswith(tuple(_rules()["place_name_endings"])) or _titled_re().match(text, match.end()):
            continue  # 캔자스 시티(Kansas City), 샘 올트먼(Sam Altman) CEO
        start = match.end(1) - len(name)
        span = doc.char_span(start, match.end(1))
        if span is None or not all(t.tag_.startswith(("NN", "SL", "SH", "XR")) for t in span if not t.is_space):
            continue  # 자회사인 새봄텍(Saebom Tech): a word with an ending is no part of a name
        found.append(Mention(start, match.end(1), name, source="pattern"))
    return found


def find_organizations(doc: Doc, text: str | None = None) -> list[Mention]:
    """All organization mentions, non-overlapping, left to right, with case and list groups.

    ``text`` is ``doc.text``, passed by callers that have it (spaCy rebuilds it on each access).
    """
    text = doc.text if text is None else text
    orgs = organizations()
    mentions = [
        Mention(m.start, m.end, m.text, canonical=m.canonical, kind=m.kind, source="gazetteer")
        for m in orgs.find(text)
    ]
    for ent in doc.ents:
        if ent.label_ == "ORG":
            for part in _name_parts(ent):
                start, end = _strip_legal_form(text, part.start_char, _strip_particle(text, part.start_char, part.end_char))
                name = text[start:end]
                known = orgs.get(name)
                if not known and locations().get(name) and read_case(text, end)[0] not in {"subject", "with"}:
                    continue  # a place the model took for an organization (뮌헨에, 울산 AI 존)
                if known or _has_proper_word(part) or _is_suffixed_name(name):
                    mentions.append(Mention(start, end, name, canonical=known[0] if known else None, source="model"))
    people = _people(doc, text)
    mentions.extend(_pattern_orgs(doc, text, people))
    mentions.extend(_introduced_orgs(text))
    mentions.extend(_legal_form_orgs(text))
    mentions.extend(_counted_list_orgs(text))
    mentions.extend(_glossed_orgs(doc, text, people))
    media = frozenset(_rules()["media_outlets"])
    sites = tuple(_rules()["site_suffixes"])
    suffix_words = frozenset(_rules()["org_suffixes"])
    kept = [
        _without_place(text, m)
        for m in _non_overlapping([_with_glued_tail(text, m) for m in mentions])
        if m.text not in media
        and not m.text.endswith(sites)
        and not (m.canonical is None and m.text in suffix_words)  # 모빌리티, 에너지 alone name nobody
    ]
    chosen = _join_divisions(text, _non_overlapping(kept + _repeated_names(text, kept)))
    for m in chosen:
        m.case, _ = read_case(text, m.end)
        if m.case is None and _speaker_title_re().match(text, m.end):
            m.case = "subject"  # 유영상 SKT 대표는 …: the speaker's organization acts
        if m.canonical is None:
            known = orgs.get(m.text)
            m.canonical = known[0] if known else None
    _assign_groups(text, chosen)
    return chosen


def _strip_office_word(text: str, start: int, end: int) -> int:
    """End offset of a model's place without the office or site word glued to it
    (일본 도쿄지사 → 일본 도쿄): words of two or more syllables that follow a place."""
    name = text[start:end]
    for word in _rules()["place_continuations"]:
        if len(word) >= 2 and name.endswith(word) and len(name) - len(word) >= 2:
            return end - len(word)
    return end


def find_places(doc: Doc, text: str | None = None) -> list[Mention]:
    """Place mentions from the place gazetteer and from ``LOC`` entities of a model."""
    text = doc.text if text is None else text
    places = [
        Mention(m.start, m.end, m.text, canonical=m.canonical, kind=m.kind, source="gazetteer")
        for m in locations().find(text)
    ]
    for ent in doc.ents:
        if ent.label_ == "LOC":
            end = _strip_office_word(text, ent.start_char, _strip_particle(text, ent.start_char, ent.end_char))
            places.append(
                Mention(ent.start_char, end, text[ent.start_char : end], kind="place", source="model")
            )
    chosen = _non_overlapping(places)
    for m in chosen:
        m.case, _ = read_case(text, m.end)
    return chosen


_SOURCE_RANK = {"gazetteer": 0, "model": 1, "pattern": 2, "introduced": 3}


def _non_overlapping(mentions: list[Mention]) -> list[Mention]:
    """Keep the longest, then most trusted, mention where mentions overlap."""
    ranked = sorted(mentions, key=lambda m: (-(m.end - m.start), _SOURCE_RANK[m.source], m.start))
    taken: list[Mention] = []  # disjoint and by start, so a bisection finds a mention's neighbours
    for m in ranked:
        i = bisect.bisect_right(taken, m.start, key=lambda t: t.start)
        if (i and taken[i - 1].end > m.start) or (i < len(taken) and taken[i].start < m.end):
            continue
        taken.insert(i, m)
    return taken


def _join_divisions(text: str, mentions: list[Mention]) -> list[Mention]:
    """Join an organization and its division named right after it (한국전력 경남본부)."""
    divisions = tuple(_rules()["division_suffixes"])
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and m.source == "pattern"
            and m.text.endswith(divisions)
            and text[prev.end : m.start] == " "
        ):
            out[-1] = Mention(
                prev.start, m.end, text[prev.start : m.end], prev.canonical, prev.kind, prev.source
            )
        else:
            out.append(m)
    return out


def _assign_groups(text: str, mentions: list[Mention]) -> None:
    """Number lists of names (A, B, C와 / A와 B는); each list takes its last item's case."""
    group = 0
    for k, m in enumerate(mentions):
        prev = mentions[k - 1] if k else None
        if prev is None or not _list_continues(text, prev.end, m.start):
            group += 1
        m.group = group
    by_group: dict[int, list[Mention]] = {}
    for m in mentions:
        by_group.setdefault(m.group, []).append(m)
    for members in by_group.values():
        last_case = members[-1].case
        for m in members:
            m.case = last_case
