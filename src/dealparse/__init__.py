"""dealparse: Korean business-deal news to validated, typed event records."""

from dealparse.errors import DealparseError, InvalidInputError, ModelNotFoundError
from dealparse.values import Capacity, DateValue, Location, Money, Precision, Span

__all__ = [
    "Capacity",
    "DateValue",
    "DealparseError",
    "InvalidInputError",
    "Location",
    "ModelNotFoundError",
    "Money",
    "Precision",
    "Span",
]
__version__ = "0.1.0"
