"""Argument roles: which organizations take part in each candidate event, and how.

For a candidate (sentence, type) every organization named in the sentence, and those
named in the ``context_sentences`` before it and in the headline, is scored by a linear
model over its particle case, source, position and distance to the trigger and the
morphemes around it. Parties above ``threshold`` are kept; an MOU or partnership takes
its second-best party down to ``second_threshold``. Two more models decide whether one
party deals with each of the others separately (one event per pair, SCHEMA.md) and which
party is that hub; for investments a third tells the investee from the investors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from dealparse.mentions import Mention
from dealparse.pipeline.event_rules import Candidate, Trigger
from dealparse.pipes.context import DocContext
from dealparse.pipes.examples import EventExample, GoldEvent, matches
from dealparse.pipes.features import mention_features, trigger_for
from dealparse.pipes.linear import LinearModel
from dealparse.pipes.trained import TrainedPipe
from dealparse.pipes.triggers import MODEL

_TWO_PARTY = frozenset({"mou", "partnership"})
_SPLIT_CUES = ("각각", "등과", "등이", "등의", "등에", "공동", "함께", "컨소시엄", "개사", "연합", "이어", "비롯", "참여", "와도", "과도")


def party_candidates(ctx: DocContext, index: int, context_sentences: int) -> list[tuple[Mention, bool]]:
    """One mention per organization: its first in sentence ``index`` (True), else its
    nearest in the sentences before or in the headline (False)."""
    seen: set[str] = set()
    out: list[tuple[Mention, bool]] = []
    for m in ctx.sentence_orgs[index]:
        if m.key not in seen:
            seen.add(m.key)
            out.append((m, True))
    earlier = list(range(index - 1, max(-1, index - 1 - context_sentences), -1))
    if index > 0 and 0 not in earlier:
        earlier.append(0)
    for j in earlier:
        for m in reversed(ctx.sentence_orgs[j]):
            if m.key not in seen:
                seen.add(m.key)
                out.append((m, False))
    return out


def _split_features(ctx: DocContext, index: int, event_type: str, chosen: list[Mention]) -> list[str]:
    sent = ctx.sentences[index].text
    feats = [f"n={min(len(chosen), 5)}", f"subjects={sum(m.case == 'subject' for m in chosen)}"]
    feats += [f"cue={c}" for c in _SPLIT_CUES if c in sent]
    feats.append(f"groups={len({m.group for m in chosen})}")
    return feats + [f"{event_type}:{f}" for f in feats]


class ArgumentClassifier(TrainedPipe):
    """Fill the detector's candidates' participants (and investors, investee); split
    hub-and-partner lists into one event per pair; drop candidates left without parties.
    The rules' candidates keep the parties their particles gave."""

    model_names = ("parties", "split", "hub", "investee")
    settings = ("context_sentences", "threshold", "second_threshold", "epochs")

    def __init__(
        self,
        name: str = "arguments",
        context_sentences: int = 2,
        threshold: float = 0.5,
        second_threshold: float = 0.2,
        epochs: int = 12,
    ) -> None:
        super().__init__()
        self.name = name
        self.context_sentences = context_sentences
        self.threshold = threshold
        self.second_threshold = second_threshold
        self.epochs = epochs

    def _features(self, ctx: DocContext, index: int, event_type: str, trig: Trigger):
        pool = party_candidates(ctx, index, self.context_sentences)
        return pool, [mention_features(ctx, event_type, index, trig, m, inside) for m, inside in pool]

    def __call__(self, doc: Doc) -> Doc:
        ctx = DocContext.of(doc)
        out: list[Candidate] = []
        for cand in doc._.candidates or []:
            out.extend(self.assign(ctx, cand) if cand.role_source == MODEL else self.split_rule(ctx, cand))
        doc._.candidates = out
        return doc

    def assign(self, ctx: DocContext, cand: Candidate) -> list[Candidate]:
        """The candidate with its parties, or one copy per pair, or nothing."""
        index = ctx.sentence_index(cand.sentence.start_char)
        pool, rows = self._features(ctx, index, cand.type, cand.trigger)
        if not pool:
            return []
        model = self.model("parties")
        scored = sorted(
            ((model.predict_proba(f)["party"], m) for (m, _), f in zip(pool, rows, strict=True)),
            key=lambda x: -x[0],
        )
        chosen = [m for p, m in scored if p >= self.threshold]
        if cand.type in _TWO_PARTY and len(chosen) == 1 and len(scored) > 1 and scored[1][0] >= self.second_threshold:
            chosen.append(scored[1][1])
        if not chosen:
            return []
        chosen.sort(key=lambda m: m.start)
        probs = {id(m): p for p, m in scored}
        party_score = sum(probs[id(m)] for m in chosen) / len(chosen)
        cand.confidence = (cand.confidence or 1.0) * party_score
        cand.scores = {**cand.scores, "parties": party_score, "weakest": min(probs[id(m)] for m in chosen)}
        groups = self.groups(ctx, index, cand.type, chosen, pool, rows)
        return [self._with_parties(ctx, index, replace(cand), group, pool, rows) for group in groups]

    def groups(self, ctx: DocContext, index: int, event_type: str, chosen: list[Mention], pool, rows) -> list[list[Mention]]:
        """``chosen`` as one party set, or, where the split model says one party deals with
        each of the others separately, one pair per partner with the hub model's hub."""
        if len(chosen) < 3:
            return [chosen]
        split = self.model("split").predict_proba(_split_features(ctx, index, event_type, chosen))["split"]
        if split < 0.5:
            return [chosen]
        hub_model = self.model("hub")
        feats = {id(m): f for (m, _), f in zip(pool, rows, strict=True)}
        hub = max(chosen, key=lambda m: hub_model.predict_proba(feats[id(m)])["hub"])
        return [[hub, m] if hub.start < m.start else [m, hub] for m in chosen if m is not hub]

    def split_rule(self, ctx: DocContext, cand: Candidate) -> list[Candidate]:
        """A rules' MOU or partnership of three or more parties, split where the models say so."""
        if cand.type not in _TWO_PARTY or len(cand.participants) < 3:
            return [cand]
        index = ctx.sentence_index(cand.sentence.start_char)
        pool, rows = self._features(ctx, index, cand.type, cand.trigger)
        by_key = {m.key: m for m, _ in pool}
        if not all(m.key in by_key for m in cand.participants):
            return [cand]
        chosen = sorted((by_key[m.key] for m in cand.participants), key=lambda m: m.start)
        groups = self.groups(ctx, index, cand.type, chosen, pool, rows)
        if len(groups) == 1:
            return [cand]
        return [replace(cand, participants=group) for group in groups]

    def _with_parties(
        self, ctx: DocContext, index: int, cand: Candidate, group: list[Mention], pool, rows
    ) -> Candidate:
        cand.participants = list(group)
        if cand.type == "investment":
            feats = {id(m): f for (m, _), f in zip(pool, rows, strict=True)}
            model = self.model("investee")
            p = {id(m): model.predict_proba(feats[id(m)])["investee"] for m in group}
            best = max(group, key=lambda m: p[id(m)])
            cand.investee = best if p[id(best)] >= 0.5 else None
            cand.investors = [m for m in group if m is not cand.investee]
        return cand

    def fit(self, examples: Sequence[EventExample], seed: int = 0) -> None:
        """Learn from the gold (sentence, type) groups: their parties, pairs and investees."""
        party_X, party_Y, split_X, split_Y, hub_X, hub_Y, inv_X, inv_Y = ([] for _ in range(8))
        for ex in examples:
            ctx = ex.context
            for (index, event_type), events in ex.groups().items():
                trig = trigger_for(ctx, index, event_type)
                pool, rows = self._features(ctx, index, event_type, trig)
                gold = [p for e in events for p in e.parties]
                positive = [any(matches(m, g) for g in gold) for m, _ in pool]
                party_X += rows
                party_Y += [["party"] if y else [] for y in positive]
                chosen = [m for (m, _), y in zip(pool, positive, strict=True) if y]
                if len(chosen) >= 3:
                    split_X.append(_split_features(ctx, index, event_type, chosen))
                    split_Y.append(["split"] if len(events) > 1 else [])
                if len(events) > 1:
                    for (m, _), f, y in zip(pool, rows, positive, strict=True):
                        if y:
                            hub_X.append(f)
                            hub_Y.append(["hub"] if all(_in_event(m, e) for e in events) else [])
                if event_type == "investment":
                    for (m, _), f, y in zip(pool, rows, positive, strict=True):
                        if y:
                            inv_X.append(f)
                            inv_Y.append(["investee"] if any(_is_investee(m, e) for e in events) else [])
        for name, X, Y in (
            ("parties", party_X, party_Y),
            ("split", split_X, split_Y),
            ("hub", hub_X, hub_Y),
            ("investee", inv_X, inv_Y),
        ):
            label = "party" if name == "parties" else name
            model = LinearModel([label], multilabel=True, epochs=self.epochs, seed=seed)
            self.models[name] = model.fit(X, Y)


def _in_event(m: Mention, event: GoldEvent) -> bool:
    return any(matches(m, g) for g in event.parties)


def _is_investee(m: Mention, event: GoldEvent) -> bool:
    return event.investee is not None and matches(m, event.investee)


@Language.factory(
    "dealparse_arguments",
    assigns=["doc._.candidates"],
    requires=["doc._.candidates", "doc._.orgs"],
    default_config={"context_sentences": 2, "threshold": 0.5, "second_threshold": 0.2, "epochs": 12},
)
def make_argument_classifier(
    nlp: Language, name: str, context_sentences: int, threshold: float, second_threshold: float, epochs: int
) -> ArgumentClassifier:
    """Factory of :class:`ArgumentClassifier`."""
    return ArgumentClassifier(name, context_sentences, threshold, second_threshold, epochs)
