"""Lazy import of optional dependencies with an error that names the extra."""

from __future__ import annotations

import importlib
from types import ModuleType

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
