"""Every documented error code is exercised by a test, and the docs list every code we raise."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _documented() -> set[str]:
    text = (ROOT / "docs" / "input-format.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([a-z_]+)` \|", text.split("## Error codes", 1)[1], re.M))


def test_every_documented_code_is_tested() -> None:
    tests = "".join(p.read_text(encoding="utf-8") for p in ROOT.joinpath("tests").rglob("test_*.py")
                    if p.name != Path(__file__).name)
    untested = {c for c in _documented() if f'"{c}"' not in tests}
    assert not untested


def test_every_code_raised_by_readers_and_domain_is_documented() -> None:
    sources = "".join(p.read_text(encoding="utf-8") for d in ("io", "domain")
                      for p in ROOT.joinpath("src", "mentormatch", d).glob("*.py"))
    raised = set(re.findall(
        r'(?:InputProblem\(|single\(|PydanticCustomError\(|_err\(|_problem\()\s*"([a-z_]+)"',
        sources))
    mapped = set(re.findall(r'^\s+"[a-z_]+": "([a-z_]+)",$',
                            (ROOT / "src/mentormatch/domain/_base.py").read_text(), re.M))
    assert raised, "the pattern found nothing"
    assert (raised | mapped) - _documented() == set()
