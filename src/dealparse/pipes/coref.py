"""Event coreference and event decisions: one event per deal, each with a calibrated confidence.

A pairwise linear model gives the probability that two candidates of one type with a party
in common tell the same deal (party overlap, amounts, dates, places, distance, status). Each
candidate, most trusted first, joins the cluster it retells with the highest mean probability,
if that is at least ``min_overlap``. The first member gives the evidence; the others fill its
empty slots.

A linear model then scores each merged event against the others of its document (an MOU
and a partnership between the same parties, a re-told deal, the rules' own reading of the
sentence): its probability is the event's ``confidence``, and events below ``threshold``
are dropped. It is trained on predictions for articles the other stages did not learn from.

Candidates already ``decided`` (the rules' events of the detector's ``rule_types``) pass
through unmerged and unscored.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from dealparse.annotations.event_scoring import participants, party_f1, score_events
from dealparse.pipeline.event_rules import Candidate, date_from_context, informative
from dealparse.pipeline.merging import to_event
from dealparse.pipes.context import DocContext
from dealparse.pipes.features import event_features, pair_features
from dealparse.pipes.linear import LinearModel
from dealparse.pipes.status import STATUSES
from dealparse.pipes.trained import TrainedPipe

_SLOTS = ("amount", "date", "location", "capacity", "investee", "round", "kind", "mode")


class EventCoref(TrainedPipe):
    """Merge ``doc._.candidates``, score the merged events, write ``doc._.events``."""

    model_names = ("pairs", "events")
    settings = ("min_overlap", "threshold", "epochs", "different_weight")

    def __init__(
        self,
        name: str = "coref",
        min_overlap: float = 0.5,
        threshold: float = 0.5,
        epochs: int = 12,
        different_weight: int = 1,
    ) -> None:
        super().__init__()
        self.name = name
        self.min_overlap = min_overlap
        self.threshold = threshold
        self.epochs = epochs
        self.different_weight = different_weight

    @staticmethod
    def learned(candidates: Sequence[Candidate]) -> list[Candidate]:
        """The candidates this component decides on (not already ``decided``)."""
        return [c for c in candidates if not c.decided]

    def pair_probability(self, a: Candidate, b: Candidate) -> float:
        """The probability that two candidates tell one deal (0 for different types or
        no party in common)."""
        if a.type != b.type or not (a.keys & b.keys):
            return 0.0
        return self.model("pairs").predict_proba(pair_features(a, b))["same"]

    def merge(self, candidates: Sequence[Candidate]) -> list[Candidate]:
        """One candidate per deal, most trusted first: each joins the cluster whose members
        it retells with the highest mean probability (at least ``min_overlap``; the mean, not
        the best member, so that two deals are not chained through one vague retelling), its
        slots filling the cluster's; the cluster's status is the one the members' status
        probabilities give together."""
        clusters: list[list[Candidate]] = []
        for cand in sorted(candidates, key=lambda c: -(c.confidence or 0.0)):
            best, best_p = None, self.min_overlap
            for cluster in clusters:
                p = sum(self.pair_probability(member, cand) for member in cluster) / len(cluster)
                if p >= best_p:
                    best, best_p = cluster, p
            if best is None:
                clusters.append([cand])
            else:
                best.append(cand)
        merged = []
        for cluster in clusters:
            main = cluster[0]
            for other in cluster[1:]:
                for slot in _SLOTS:
                    if getattr(main, slot) is None and getattr(other, slot) is not None:
                        setattr(main, slot, getattr(other, slot))
            if len(cluster) > 1 and all(c.status_probs for c in cluster):
                main.status = max(STATUSES, key=lambda s: sum(c.status_probs[s] for c in cluster))
            main.mentions = len(cluster)
            main.sources = frozenset(c.role_source for c in cluster)
            merged.append(main)
        return [c for c in merged if informative(c)]

    def score(self, ctx: DocContext, merged: Sequence[Candidate]) -> list[float]:
        """The probability that each merged candidate is a real event."""
        model = self.model("events")
        return [model.predict_proba(event_features(ctx, c, merged))["event"] for c in merged]

    def __call__(self, doc: Doc) -> Doc:
        ctx = DocContext.of(doc)
        kept = [c for c in doc._.candidates or [] if c.decided]
        merged = self.merge(self.learned(doc._.candidates or []))
        for cand, p in zip(merged, self.score(ctx, merged), strict=True):
            if p >= self.threshold:
                cand.confidence = round(p, 3)
                kept.append(cand)
        kept.sort(key=lambda c: (c.sentence.start_char, c.trigger.start))
        date_from_context(doc, kept)
        doc._.events = [to_event(c) for c in kept]
        doc.user_data.pop("dealparse_context", None)
        return doc

    def pair_rows(self, candidates: Sequence[Candidate], gold: list[dict]):
        """Features and labels of candidate pairs that each match a gold event: the same one
        or two different ones (a pair with a false candidate teaches nothing about retelling)."""
        candidates = self.learned(candidates)
        matched = [_gold_match(c, gold) for c in candidates]
        X, Y = [], []
        for i, a in enumerate(candidates):
            for j in range(i + 1, len(candidates)):
                b = candidates[j]
                if a.type != b.type or not (a.keys & b.keys):
                    continue
                ga, gb = matched[i], matched[j]
                if ga is None or gb is None:
                    continue
                X.append(pair_features(a, b))
                Y.append(["same"] if ga == gb else [])
        return X, Y

    def training_rows(self, ctx: DocContext, candidates: Sequence[Candidate], gold: list[dict]):
        """Features and labels (matched a gold event or not) of a document's merged candidates."""
        merged = self.merge(self.learned(candidates))
        predicted = [to_event(c).model_dump(mode="json") for c in merged]
        matched = score_events([(gold, predicted)]).matched_predictions
        rows = [event_features(ctx, c, merged) for c in merged]
        return rows, [["event"] if i in matched else [] for i in range(len(merged))]

    def fit_pairs(self, X: Sequence[list[str]], Y: Sequence[list[str]], seed: int = 0) -> None:
        """Learn the pair model; a pair of two different deals (rarer than a retelling) counts
        ``different_weight`` times."""
        X, Y = list(X), list(Y)
        different = [x for x, y in zip(X, Y, strict=True) if not y]
        X += different * (self.different_weight - 1)
        Y += [[] for _ in different] * (self.different_weight - 1)
        self.models["pairs"] = LinearModel(["same"], multilabel=True, epochs=self.epochs, seed=seed).fit(X, Y)

    def fit_events(self, X: Sequence[list[str]], Y: Sequence[list[str]], seed: int = 0) -> None:
        self.models["events"] = LinearModel(["event"], multilabel=True, epochs=self.epochs, seed=seed).fit(X, Y)


def _gold_match(cand: Candidate, gold: list[dict]) -> int | None:
    """The gold event a candidate alone would match (type and party F1 >= 0.5), best first."""
    predicted = to_event(cand).model_dump(mode="json")
    best, best_f1 = None, 0.5
    for j, g in enumerate(gold):
        if g.get("type") == cand.type:
            f1 = party_f1(participants(predicted), participants(g))
            if f1 >= best_f1:
                best, best_f1 = j, f1
    return best


@Language.factory(
    "dealparse_coref",
    assigns=["doc._.events"],
    requires=["doc._.candidates"],
    default_config={"min_overlap": 0.5, "threshold": 0.5, "epochs": 12, "different_weight": 1},
)
def make_event_coref(
    nlp: Language, name: str, min_overlap: float, threshold: float, epochs: int, different_weight: int
) -> EventCoref:
    """Factory of :class:`EventCoref`."""
    return EventCoref(name, min_overlap, threshold, epochs, different_weight)
