"""dealparse: Korean business-deal news to validated, typed event records.

>>> import dealparse
>>> dealparse.parse_money("130억달러(약 20조원)").currency
'USD'
"""

from dealparse.capacity import find_capacities, parse_capacity
from dealparse.dates import detect_published, find_dates, parse_date
from dealparse.errors import DealparseError, InvalidInputError, ModelNotFoundError
from dealparse.events import (
    MOU,
    DataCenterProject,
    Entity,
    Event,
    ExtractionResult,
    Investment,
    OfficeOpening,
    Participant,
    Partnership,
    Status,
    json_schema,
)
from dealparse.extractor import Extractor, extract, extract_many, load
from dealparse.money import find_money, parse_money
from dealparse.values import Capacity, DateValue, Location, Money, Precision, Span

__all__ = [
    "MOU",
    "Capacity",
    "DataCenterProject",
    "DateValue",
    "DealparseError",
    "Entity",
    "Event",
    "ExtractionResult",
    "Extractor",
    "InvalidInputError",
    "Investment",
    "Location",
    "ModelNotFoundError",
    "Money",
    "OfficeOpening",
    "Participant",
    "Partnership",
    "Precision",
    "Span",
    "Status",
    "detect_published",
    "extract",
    "extract_many",
    "find_capacities",
    "find_dates",
    "find_money",
    "json_schema",
    "load",
    "parse_capacity",
    "parse_date",
    "parse_money",
]
__version__ = "0.1.0"
