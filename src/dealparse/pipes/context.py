"""What the event components look up in a document, computed once per document.

Sentences, the organization mentions of each sentence, the lexicon triggers of each
sentence (``data/triggers.toml``) and how often each organization is named. Look-ups are
bisections over sorted offsets, so building the context is linear in the document.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from dealparse.mentions import Mention
from dealparse.pipeline.event_rules import Candidate, EventRules, Trigger, find_triggers
from dealparse.pipeline.extensions import doc_text


@dataclass
class DocContext:
    """Per-document tables shared by the trained event components."""

    doc: Doc
    text: str
    sentences: list[Span]
    sentence_starts: list[int]
    orgs: list[Mention]
    sentence_orgs: list[list[Mention]]
    sentence_triggers: list[list[Trigger]]
    key_counts: Counter[str]
    rule_candidates: list[list[Candidate]]
    """Per sentence, the events the rules propose there (features for the trained stages)."""

    @classmethod
    def of(cls, doc: Doc) -> DocContext:
        cached = doc.user_data.get("dealparse_context")
        if isinstance(cached, DocContext):
            return cached
        text = doc_text(doc)
        sentences = list(doc.sents)
        sentence_starts = [s.start_char for s in sentences]
        orgs = sorted(doc._.orgs or [], key=lambda m: m.start)
        starts = [m.start for m in orgs]
        sentence_orgs = [
            orgs[bisect_left(starts, s.start_char) : bisect_left(starts, s.end_char)] for s in sentences
        ]
        sentence_triggers = [find_triggers(text[s.start_char : s.end_char], s.start_char) for s in sentences]
        rule_candidates: list[list[Candidate]] = [[] for _ in sentences]
        saved = doc._.candidates
        for cand in EventRules()(doc)._.candidates or []:
            rule_candidates[bisect_right(sentence_starts, cand.sentence.start_char) - 1].append(cand)
        doc._.candidates = saved
        context = cls(
            doc,
            text,
            sentences,
            sentence_starts,
            orgs,
            sentence_orgs,
            sentence_triggers,
            Counter(m.key for m in orgs),
            rule_candidates,
        )
        doc.user_data["dealparse_context"] = context
        return context

    def sentence_index(self, char: int) -> int:
        """The index of the sentence that holds character offset ``char``."""
        return max(0, bisect_right(self.sentence_starts, char) - 1)
