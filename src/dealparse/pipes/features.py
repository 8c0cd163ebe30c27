"""Named features of sentences, organization mentions and event clauses.

The rules' knowledge enters here as features, not decisions: trigger-lexicon hits per
type, the case a particle gives a mention, list membership, status cues. The trained
components weigh them against the morphemes around them.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from spacy.tokens import Span

from dealparse.mentions import Mention
from dealparse.pipeline.event_rules import Candidate, Trigger, first_match, status_cues
from dealparse.pipes.context import DocContext

_PUNCT_TAGS = ("SF", "SP", "SS", "SE", "SO", "SW")


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if n <= edge:
            return str(edge)
    return f">{edges[-1]}"


def _forms(span: Span) -> list[str]:
    return [t.text for t in span if not t.is_space and not t.tag_.startswith(_PUNCT_TAGS)]


def sentence_features(ctx: DocContext, index: int) -> list[str]:
    """Features of sentence ``index`` for deciding which event types it states."""
    sent = ctx.sentences[index]
    forms = _forms(sent)
    feats = [f"w={w}" for w in forms]
    feats += [f"b={a}|{b}" for a, b in pairwise(forms)]
    feats += [f"end={w}" for w in forms[-3:]]
    for trig in ctx.sentence_triggers[index]:
        feats.append(f"lex={trig.type}")
        feats.append(f"lexw={trig.type}:{ctx.text[trig.start : trig.end].replace(' ', '')}")
    for cand in ctx.rule_candidates[index]:
        feats.append(f"rule={cand.type}")
        feats.append(f"rule={cand.type}|{cand.role_source}|{min(len(cand.participants), 3)}")
        feats.append(f"rule={cand.type}|{cand.status}")
    orgs = ctx.sentence_orgs[index]
    feats.append(f"norg={_bucket(len({m.key for m in orgs}), (0, 1, 2, 3))}")
    cases = {m.case for m in orgs}
    feats += [f"case={c}" for c in cases if c]
    doc = ctx.doc
    lo, hi = sent.start_char, sent.end_char
    for name, values in (("money", doc._.money), ("cap", doc._.capacities), ("place", doc._.places)):
        if any(lo <= v.start < hi for v in values or []):
            feats.append(f"has={name}")
    feats.append(f"pos={_bucket(index, (0, 1, 3))}")
    feats.append(f"len={_bucket(len(forms), (8, 20, 40))}")
    return feats


def trigger_for(ctx: DocContext, index: int, event_type: str) -> Trigger:
    """The lexicon trigger of ``event_type`` in sentence ``index``, else the sentence's end
    (the Korean predicate stands last)."""
    found = [t for t in ctx.sentence_triggers[index] if t.type == event_type]
    if found:
        return found[-1]
    sent = ctx.sentences[index]
    end = len(sent.text.rstrip()) + sent.start_char
    return Trigger(event_type, max(sent.start_char, end - 1), end, {})


def mention_features(
    ctx: DocContext, event_type: str, index: int, trig: Trigger, mention: Mention, in_sentence: bool
) -> list[str]:
    """Features of ``mention`` as a party of an event of ``event_type`` in sentence ``index``."""
    text = ctx.text
    base = [
        f"case={mention.case}",
        f"src={mention.source}",
        f"kind={mention.kind}",
        f"freq={_bucket(ctx.key_counts[mention.key], (1, 2, 4))}",
        f"known={mention.canonical is not None}",
    ]
    if in_sentence:
        orgs = ctx.sentence_orgs[index]
        keys = [m.key for m in orgs]
        rel = "before" if mention.end <= trig.start else "after"
        gap = trig.start - mention.end if rel == "before" else mention.start - trig.end
        base += [
            "in",
            f"rel={rel}",
            f"rel={rel}|case={mention.case}",
            f"gap={_bucket(gap, (2, 10, 30, 60))}",
            f"first={keys.index(mention.key) == 0}",
            f"last={keys[-1] == mention.key}",
            f"grouped={sum(m.group == mention.group for m in orgs) > 1}",
            f"subjects={sum(m.case == 'subject' for m in orgs)}",
            f"norg={_bucket(len(set(keys)), (1, 2, 3, 5))}",
        ]
        after = text[mention.end : mention.end + 4].replace(" ", "")
        base += [f"next={after[:1]}", f"next2={after[:2]}", f"next3={after[:3]}"]
        before = text[max(0, mention.start - 3) : mention.start].replace(" ", "")
        base += [f"prev={before[-1:]}", f"prev2={before[-2:]}"]
    else:
        distance = index - ctx.sentence_index(mention.start)
        base += [
            "out",
            f"dist={_bucket(distance, (1, 2, 4))}",
            f"title={ctx.sentence_index(mention.start) == 0}",
            f"outcase={mention.case}",
        ]
    return base + [f"{event_type}:{f}" for f in base]


def clause_features(ctx: DocContext, index: int, trig: Trigger, event_type: str) -> list[str]:
    """Features of the clause from the trigger to the end of its sentence, for its status."""
    sent = ctx.sentences[index]
    doc = ctx.doc
    span = doc.char_span(trig.start, sent.end_char, alignment_mode="expand")
    after = _forms(span) if span is not None else []
    feats = [f"a={w}" for w in after[:12]]
    feats += [f"ab={a}|{b}" for a, b in pairwise(after[:12])]
    forms = _forms(sent)
    feats += [f"end={w}" for w in forms[-4:]]
    feats += [f"endb={a}|{b}" for a, b in pairwise(forms[-4:])]
    window = ctx.text[trig.start : sent.end_char]
    whole = ctx.text[sent.start_char : sent.end_char]
    for name, cue in status_cues():
        if cue.search(window):
            feats.append(f"cue={name}")
        if cue.search(whole):
            feats.append(f"cue_sent={name}")
    feats.append(f"first={first_match(status_cues(), window)}")
    feats.append(f"first_sent={first_match(status_cues(), whole)}")
    return feats + [f"{event_type}:{f}" for f in feats]


def event_features(ctx: DocContext, cand: Candidate, others: Sequence[Candidate]) -> list[str]:
    """Features of a merged candidate event among the document's others, for deciding
    whether it is a real event of its type (and how sure to be)."""
    index = ctx.sentence_index(cand.sentence.start_char)
    keys = cand.keys
    feats = [
        f"p={_bucket(int(10 * (cand.confidence or 0.0)), (1, 2, 3, 4, 5, 6, 7, 8))}",
        f"parties={min(len(keys), 4)}",
        f"mentions={min(cand.mentions, 3)}",
        f"pos={_bucket(index, (0, 1, 3))}",
        f"status={cand.status}",
    ]
    feats += [f"has={slot}" for slot in ("amount", "date", "location", "capacity", "round") if getattr(cand, slot)]
    if cand.type == "investment":
        feats.append(f"investee={cand.investee is not None}|investors={min(len(cand.investors), 2)}")
    sources = cand.sources or {cand.role_source}
    feats.append("from=" + "+".join(sorted("model" if s == "model" else "rules" for s in sources)))
    feats += [f"source={s}" for s in sources]
    for score_name, value in cand.scores.items():
        feats.append(f"{score_name}={_bucket(int(10 * value), (1, 2, 3, 4, 5, 6, 7, 8))}")
    sent = cand.sentence
    for m in cand.participants:
        inside = sent.start_char <= m.start < sent.end_char
        feats.append(f"party={m.case}|{m.source}|{'in' if inside else 'out'}")
    same_type = sorted((c.confidence or 0.0 for c in others if c.type == cand.type), reverse=True)
    feats.append(f"rank={_bucket(same_type.index(cand.confidence or 0.0), (0, 1, 3))}")
    rule_same = [c for c in ctx.rule_candidates[index] if c.type == cand.type]
    feats.append(f"rule_here={bool(rule_same)}")
    if any(c.keys == keys for c in rule_same):
        feats.append("rule_same_parties")
    for other in others:
        if other is cand:
            continue
        common = keys & other.keys
        if not common:
            continue
        same_sentence = other.sentence.start_char == cand.sentence.start_char
        relation = "equal" if other.keys == keys else "overlap"
        feats.append(f"other={other.type}|{relation}|{'here' if same_sentence else 'elsewhere'}")
        if (other.confidence or 0.0) > (cand.confidence or 0.0):
            feats.append(f"stronger={other.type}|{relation}")
    return feats + [f"{cand.type}:{f}" for f in feats]


def _agree(a: object, b: object, same) -> str:
    if a is None or b is None:
        return "missing"
    return "agree" if same(a, b) else "differ"


def pair_features(a: Candidate, b: Candidate) -> list[str]:
    """Features of two candidates of one type, for whether they tell the same deal."""
    common = len(a.keys & b.keys)
    overlap = 2 * common / (len(a.keys) + len(b.keys))
    same_sentence = a.sentence.start_char == b.sentence.start_char
    sources = "+".join(sorted("model" if c.role_source == "model" else "rules" for c in (a, b)))
    gap = abs(a.sentence.start - b.sentence.start)
    feats = [
        f"overlap={overlap:.1f}",
        f"equal={a.keys == b.keys}",
        f"nested={a.keys <= b.keys or b.keys <= a.keys}",
        f"sizes={min(len(a.keys), 3)}|{min(len(b.keys), 3)}",
        f"here={same_sentence}|{sources}",
        f"gap={_bucket(gap, (0, 30, 100, 300))}",
        "amount=" + _agree(a.amount, b.amount, lambda x, y: x.currency == y.currency and x.value == y.value),
        "date=" + _agree(a.date, b.date, lambda x, y: x.iso.startswith(y.iso) or y.iso.startswith(x.iso)),
        "place=" + _agree(a.location, b.location, lambda x, y: x[0] in y[0] or y[0] in x[0]),
        f"status={a.status == b.status}",
    ]
    return feats + [f"{a.type}:{f}" for f in feats]
