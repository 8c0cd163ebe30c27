"""Events from a Spark DataFrame of articles: one row per event, typed as the Pydantic models.

Needs the ``spark`` extra (pyspark, pyarrow) and Java. ::

    from dealparse.spark import extract_events
    articles = spark.read.parquet("articles.parquet")      # columns id, text, published
    extract_events(articles).write.parquet("events.parquet")

Each executor process loads the pipeline once (``model`` as for :func:`dealparse.load`) and
reads its partitions with ``mapInArrow``. :data:`EVENT_SCHEMA` is derived from the event
models: the fields of all five types (a type's own fields are null for the others), parties as
arrays of structs, amounts as decimals, dates as structs with their ISO text and precision;
``article_id`` and ``event_index`` (the event's place in its article) come first. An article
that cannot be read (a ``published`` that is not a date, a text over the length limit) gives
one row with only ``article_id`` and ``error`` set, so nothing is lost silently.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Iterator
from decimal import Decimal
from enum import Enum
from typing import Any

import pyarrow as pa
from pydantic import BaseModel
from pyspark.sql import DataFrame
from pyspark.sql.pandas.types import to_arrow_schema
from pyspark.sql.types import (
    ArrayType,
    BooleanType,
    DataType,
    DecimalType,
    DoubleType,
    IntegerType,
    LongType,
    StringType,
    StructField,
    StructType,
)

from dealparse.errors import DealparseError
from dealparse.events import EVENT_TYPES

DECIMAL = DecimalType(38, 6)
"""Amounts, capacities: 32 integer digits (the parsers accept up to 24) and 6 decimals."""


def spark_type(annotation: Any, seen: tuple[type[BaseModel], ...] = ()) -> DataType:
    """The Spark type of a Pydantic field annotation (optional parts become nullable); a model
    inside itself (``Money.converted``) is one level deep, without its own such field."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return spark_type(typing.get_args(annotation)[0], seen)
    if origin in (typing.Union, types.UnionType):
        present = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(present) == 1:
            return spark_type(present[0], seen)
        return StringType()
    if origin is list:
        return ArrayType(spark_type(typing.get_args(annotation)[0], seen))
    if origin is typing.Literal:
        return StringType()
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return model_struct(annotation, seen)
        if issubclass(annotation, bool):
            return BooleanType()
        if issubclass(annotation, Enum | str):
            return StringType()
        if issubclass(annotation, int):
            return LongType()
        if issubclass(annotation, float):
            return DoubleType()
        if issubclass(annotation, Decimal):
            return DECIMAL
    raise TypeError(f"no Spark type for {annotation!r}")


def model_struct(model: type[BaseModel], seen: tuple[type[BaseModel], ...] = ()) -> StructType:
    """The struct of a model's fields and computed fields, in declaration order."""
    inner = (*seen, model)
    fields = [
        StructField(name, spark_type(info.annotation, inner))
        for name, info in model.model_fields.items()
        if not (model in seen and _refers_to(info.annotation, model))
    ]
    fields += [
        StructField(name, spark_type(info.return_type, inner)) for name, info in model.model_computed_fields.items()
    ]
    return StructType(fields)


def _refers_to(annotation: Any, model: type[BaseModel]) -> bool:
    return annotation is model or any(_refers_to(a, model) for a in typing.get_args(annotation))


def _event_schema() -> StructType:
    fields: dict[str, StructField] = {}
    for model in EVENT_TYPES.values():
        for field in model_struct(model).fields:
            fields.setdefault(field.name, field)
    leading = [
        StructField("article_id", StringType()),
        StructField("event_index", IntegerType()),
        StructField("published", StringType()),
        StructField("error", StringType()),
    ]
    return StructType(leading + list(fields.values()))


EVENT_SCHEMA = _event_schema()
"""One row per event (see the module docstring)."""

_EXTRACTORS: dict[str | None, Any] = {}


def _rows(article_id: str | None, text: str, published: Any, model: str | None) -> list[dict[str, Any]]:
    from dealparse.extractor import load
    from dealparse.ops import one_blas_thread

    if model not in _EXTRACTORS:
        one_blas_thread()  # Spark runs a Python worker per core
        _EXTRACTORS[model] = load(model)
    extractor = _EXTRACTORS[model]
    if isinstance(published, dt.datetime):
        published = published.date()
    try:
        result = extractor.extract(text, published, id=article_id)
    except DealparseError as error:
        return [{"article_id": article_id, "error": str(error)}]
    day = result.published.iso if result.published else None
    return [
        {"article_id": article_id, "event_index": index, "published": day, **_fitted(event.model_dump(mode="python"))}
        for index, event in enumerate(result.events)
    ]


_SCALE = Decimal(1).scaleb(-DECIMAL.scale)


def _fitted(value: Any) -> Any:
    """Decimals rounded to the column's scale (0.0012345 MW → 0.001235), so Arrow takes them."""
    if isinstance(value, Decimal):
        return value.quantize(_SCALE)
    if isinstance(value, dict):
        return {k: _fitted(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_fitted(v) for v in value]
    return value


def extract_events(
    articles: DataFrame,
    model: str | None = None,
    id_column: str = "id",
    text_column: str = "text",
    published_column: str | None = "published",
) -> DataFrame:
    """A DataFrame of :data:`EVENT_SCHEMA` rows for a DataFrame of articles."""
    columns = [id_column, text_column] + ([published_column] if published_column else [])
    missing = [c for c in columns if c not in articles.columns]
    if missing:
        raise DealparseError(f"the articles have no column {', '.join(missing)} (columns: {articles.columns})")
    arrow_schema = to_arrow_schema(EVENT_SCHEMA)

    def extract_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            data = batch.to_pydict()
            dates = data[published_column] if published_column else [None] * batch.num_rows
            rows = [
                row
                for article_id, text, published in zip(data[id_column], data[text_column], dates, strict=True)
                for row in _rows(None if article_id is None else str(article_id), text or "", published, model)
            ]
            yield pa.RecordBatch.from_pylist(rows, schema=arrow_schema)

    return articles.select(*columns).mapInArrow(extract_batches, EVENT_SCHEMA)
