"""The coordinator's HTML report of a match (one self-contained file, inline SVG charts).

Use :func:`render_report` to get the HTML text and :func:`write_report` to write
it atomically. Nothing here is imported by ``import mentormatch``, and
importing this package does not load :mod:`mentormatch.report.html` until a
name is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mentormatch.report.html import render_report, write_report
    from mentormatch.result.labels import reason_label, rule_label

__all__ = ["reason_label", "render_report", "rule_label", "write_report"]

# Public name → module that defines it, imported on first access.
_LAZY: dict[str, str] = {
    "render_report": "mentormatch.report.html",
    "write_report": "mentormatch.report.html",
    "reason_label": "mentormatch.result.labels",
    "rule_label": "mentormatch.result.labels",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'mentormatch.report' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
