"""dealparse.spark in Spark local mode (issue 16): one row per event, typed by the models.
Skipped where pyspark (the ``spark`` extra) or Java is missing."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from decimal import Decimal

import pytest

pytest.importorskip("pyspark")
pytest.importorskip("pyarrow")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java", allow_module_level=True)

from pyspark.sql import SparkSession
from pyspark.sql.types import ArrayType, DecimalType, StructType

from dealparse.events import EVENT_TYPES
from dealparse.spark import EVENT_SCHEMA, extract_events


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    session = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_schema_has_every_event_field_typed() -> None:
    names = set(EVENT_SCHEMA.fieldNames())
    for model in EVENT_TYPES.values():
        assert set(model.model_fields) <= names
    assert {"article_id", "event_index", "published", "error", "capacity_mw"} <= names
    participants = EVENT_SCHEMA["participants"].dataType
    assert isinstance(participants, ArrayType) and isinstance(participants.elementType, StructType)
    amount = EVENT_SCHEMA["amount"].dataType
    assert isinstance(amount, StructType) and isinstance(amount["value"].dataType, DecimalType)


def test_extract_events_gives_a_row_per_event_and_keeps_bad_articles(spark: SparkSession) -> None:
    rows = [
        ("a", "새봄텍은 5일 한빛랩스에 300억원을 투자했다고 밝혔다. 새봄텍은 한빛랩스와 업무협약을 맺었다.", "2026-01-07"),
        ("b", "날씨가 맑다.", None),
        ("c", "새봄텍은 한빛랩스와 손잡았다.", "13월"),
    ]
    articles = spark.createDataFrame(rows, "id string, text string, published string")
    events = extract_events(articles, model="rules").orderBy("article_id", "event_index").collect()
    by_article = {}
    for row in events:
        by_article.setdefault(row.article_id, []).append(row)
    assert "b" not in by_article  # no events, no rows
    (bad,) = by_article["c"]
    assert bad.type is None and "published" in bad.error
    investment = next(r for r in by_article["a"] if r.type == "investment")
    assert investment.amount.value == Decimal("30000000000") and investment.amount.currency == "KRW"
    assert [p.name for p in investment.investors] == ["새봄텍"] and investment.investee.name == "한빛랩스"
    assert investment.date.iso == "2026-01-05" and investment.published == "2026-01-07"
    assert [r.event_index for r in by_article["a"]] == list(range(len(by_article["a"])))
