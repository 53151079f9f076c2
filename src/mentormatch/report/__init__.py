"""The coordinator's HTML report of a match (one self-contained file, inline SVG charts).

Use :func:`render_report` to get the HTML text and :func:`write_report` to write
it atomically. Nothing here is imported by ``import mentormatch``.
"""

from __future__ import annotations

from mentormatch.report.html import render_report, write_report
from mentormatch.result.labels import reason_label, rule_label

__all__ = ["reason_label", "render_report", "rule_label", "write_report"]
