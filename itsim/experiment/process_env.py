"""Settings a command sets for itself and its workers before the libraries load.

Each library reads its setting from the environment once, when it is first imported, so
:func:`configure_process` must run before numpy and pyarrow are; the command line calls it
first thing, and worker processes inherit the environment (forked or spawned). Each setting
is a default: a value the user exported wins. The library API (``import itsim``) leaves the
caller's process alone.
"""

from __future__ import annotations

import os

#: Environment variables that set how many threads the BLAS libraries under numpy and scipy
#: start: OpenBLAS (the PyPI wheels; scipy bundles a copy of its own), MKL, Apple Accelerate.
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")


def configure_process() -> None:
    """Apply every setting of this module (see :func:`single_threaded_blas` and
    :func:`use_system_allocator_for_arrow`)."""
    single_threaded_blas()
    use_system_allocator_for_arrow()


def single_threaded_blas() -> None:
    """Have numpy's and scipy's BLAS work on the calling thread, unless the user chose.

    itsim multiplies short vectors only, never a matrix large enough for BLAS to share out.
    OpenBLAS nevertheless starts a thread per further CPU as it loads, once for numpy and again
    for scipy's copy, and those threads spin while they wait for work. On two cores they cost
    a one-replication ``itsim run baseline`` about 0.25 CPU-s and 0.08 s of wall time, and they
    compete with the worker processes that sweeps already run on every CPU. Takes effect only
    if called before numpy is first imported.
    """
    for name in BLAS_THREAD_VARIABLES:
        os.environ.setdefault(name, "1")


def use_system_allocator_for_arrow() -> None:
    """Have Arrow (pandas' string columns) allocate with the C library, unless the user chose.

    Arrow's default pool (mimalloc) keeps the memory of every table it has built: in a large
    run the string columns of the tables and the KPIs' filtered copies then add about a third
    to peak memory. The C allocator reuses what the tables free. Takes effect only if called
    before pyarrow is first imported.
    """
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
