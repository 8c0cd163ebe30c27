"""The CPU backend dealparse's neural components run on.

Thinc's default CPU ops multiply matrices with blis; on the x86-64 machines measured here
NumPy's BLAS (OpenBLAS) is 2-3 times faster for the tok2vec's products (float32, 384×384),
so models are loaded and trained with ``NumpyOps(use_blis=False)``. Results are the same up
to float rounding. ``benchmarks/ner_speed.py --blis`` measures the difference on a machine.

OpenBLAS starts a thread per core. In one process that gains nothing on these small products;
with several processes the threads fight for the cores, so each process of a parallel run
multiplies on one thread (:func:`one_blas_thread`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from thinc.api import NumpyOps, get_current_ops, use_ops
from threadpoolctl import threadpool_limits

USE_BLIS = False


@contextmanager
def cpu_ops(use_blis: bool = USE_BLIS) -> Iterator[None]:
    """Create models inside this block to run them on NumPy's BLAS (or blis with ``use_blis``).

    A model keeps the ops that were current when it was built; a GPU backend chosen by the
    caller is left as it is.
    """
    if not isinstance(get_current_ops(), NumpyOps):
        yield
        return
    with use_ops("numpy", use_blis=use_blis):
        yield


def one_blas_thread() -> threadpool_limits:
    """Limit this process's BLAS to one thread: for good when called, or within a ``with`` block."""
    return threadpool_limits(limits=1, user_api="blas")
