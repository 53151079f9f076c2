"""Reproducible speed and impact benchmarks of mentormatch.

Run from the repository root::

    python -m benchmarks --sizes 1000,3000,10000,30000 [--seed S]
                         [--peers ortools,networkx] [--impact [SIZES]]

Every measurement runs in a fresh Python process (:mod:`benchmarks.jobs`), so
its peak memory is its own. See ``python -m benchmarks --help`` and
``docs/performance.md``. The older single-purpose scripts
(:mod:`benchmarks.flow_backends`, :mod:`benchmarks.synth_speed`) still run on
their own.

This package imports nothing at import time: the child processes must be able
to hide OR-Tools before :mod:`mentormatch` is first imported.
"""
