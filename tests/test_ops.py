"""The CPU backend settings of dealparse.ops."""

from __future__ import annotations

import numpy  # noqa: F401 - loads the BLAS library whose threads are limited
import pytest
from threadpoolctl import threadpool_info

from dealparse.ops import one_blas_thread


def _blas_threads() -> list[int]:
    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


def test_one_blas_thread_limits_blas_within_its_block_and_restores_it() -> None:
    before = _blas_threads()
    if not before:
        pytest.skip("no BLAS library with a thread pool is loaded")
    with one_blas_thread():
        assert _blas_threads() == [1] * len(before)
    assert _blas_threads() == before
