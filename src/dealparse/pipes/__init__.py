"""The trained event components, registered as spaCy factories on import.

After the entity stage: ``dealparse_triggers`` (which sentences state which event types)
→ ``dealparse_arguments`` (parties and roles) → ``dealparse_status`` → ``dealparse_values``
(amount, date, place, capacity) → ``dealparse_coref`` (one event per deal, the records).
"""

from dealparse.pipes import arguments, coref, status, triggers, values

__all__ = ["arguments", "coref", "status", "triggers", "values"]
