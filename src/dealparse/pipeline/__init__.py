"""spaCy components of the dealparse pipeline, registered as factories on import.

The default pipeline (``configs/rules.cfg``) runs, after the Kiwi tokenizer:
``dealparse_sentences`` → (an optional trained ``ner``) → ``dealparse_entities`` →
``dealparse_events`` → ``dealparse_merge``.
"""

from dealparse.pipeline import entities, event_rules, extensions, merging, sentences

__all__ = ["entities", "event_rules", "extensions", "merging", "sentences"]
