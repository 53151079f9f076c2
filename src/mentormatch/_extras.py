"""Lazy import of optional dependencies with an error that names the extra."""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any

from mentormatch.errors import MissingExtraError

_EXTRA_OF = {
    "ortools": "ortools",
    "pandas": "pandas",
    "openpyxl": "xlsx",
    "matplotlib": "plot",
    "numba": "fast",
}


def require(module: str) -> ModuleType:
    """Import ``module`` or raise :class:`MissingExtraError` naming the extra."""
    top = module.split(".")[0]
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(top, _EXTRA_OF.get(top, top)) from exc


def available(module: str) -> bool:
    """Return whether ``module`` can be imported, without raising."""
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


class CompiledKernels:
    """A module of numba kernels (the ``fast`` extra), made ready once per process.

    The first :meth:`get` imports the module and runs ``warm`` on it (a call on tiny
    arrays, so numba compiles every kernel or loads it from its ``cache=True`` cache)
    and records how long that took, as :meth:`compile_seconds` reports.

    Parameters
    ----------
    module : str
        Dotted name of the kernels' module.
    warm : callable
        Called once with the imported module; its result is ignored.
    what : str
        What the kernels are, for the debug log line.
    """

    def __init__(self, module: str, warm: Callable[[Any], object], what: str) -> None:
        self._module = module
        self._warm = warm
        self._what = what
        self._seconds: float | None = None

    def get(self) -> Any:
        """The kernels' module (first call: compile or load from cache; timed)."""
        k = importlib.import_module(self._module)
        if self._seconds is None:
            t0 = time.perf_counter()
            self._warm(k)
            self._seconds = time.perf_counter() - t0
            logging.getLogger(self._module).debug(
                "%s ready in %.2f s (compiled or loaded from cache)", self._what, self._seconds)
        return k

    def compile_seconds(self) -> float:
        """Seconds the first use of the kernels took in this process (compile or cache load).

        Raises
        ------
        mentormatch.errors.MissingExtraError
            If numba is not installed.
        """
        require("numba")
        self.get()
        assert self._seconds is not None
        return self._seconds
