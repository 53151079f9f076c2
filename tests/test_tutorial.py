"""docs/tutorial.md runs: its Python blocks, in order, in one namespace (issue 19, item 7)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_tutorial_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pandas", reason="the tutorial needs the pandas extra")
    pytest.importorskip("matplotlib", reason="the tutorial needs the plot extra (matplotlib)")
    text = (ROOT / "docs" / "tutorial.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", text, re.S | re.M)
    assert len(blocks) >= 6
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "tutorial"}
    for i, block in enumerate(blocks):
        exec(compile(block, f"docs/tutorial.md[block {i + 1}]", "exec"), namespace)
    folder = namespace["folder"]
    assert isinstance(folder, Path)
    assert (folder / "radii.png").stat().st_size > 1000
    assert (folder / "results" / "pairs.csv").exists()
    comparison = namespace["comparison"]
    assert comparison.b.matched_weight >= comparison.a.matched_weight  # type: ignore[attr-defined]
