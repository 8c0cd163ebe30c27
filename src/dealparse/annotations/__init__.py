"""dealparse's annotation format and its interchange with annotation tools."""

from dealparse.annotations.records import ENTITY_LABELS, AnnotatedEntity, AnnotationRecord
from dealparse.annotations.store import LineError, read_records, write_records

__all__ = ["ENTITY_LABELS", "AnnotatedEntity", "AnnotationRecord", "LineError", "read_records", "write_records"]
