"""Fast start and a typed API (issue 19, item 6).

* ``mentormatch --version`` and ``--help`` load no solver, no scipy, no pandas;
* the documentation's Python examples pass plain ``mypy`` (no pydantic plugin):
  models accept lists where they store tuples, text for availability;
* the typed constructors list every field of the models.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

import mentormatch as mm

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("scipy", "networkx", "pandas", "ortools", "matplotlib", "openpyxl")
DOCS = ["README.md", "docs/tutorial.md", "docs/service.md"]


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["match", "--help"]])
def test_cli_start_loads_no_solver(args: list[str]) -> None:
    code = ("import sys\nfrom mentormatch.cli.main import main\n"
            f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True, timeout=60)
    took = time.perf_counter() - t0
    assert out.stdout.strip().splitlines()[-1] == "[]"
    assert took < 3.0  # 0.2 s measured; generous for a loaded CI machine


def _examples(name: str) -> str:
    text = (ROOT / name).read_text(encoding="utf-8")
    return "\n".join(re.findall(r"^```python\n(.*?)^```", text, re.S | re.M))


@pytest.mark.parametrize("model", [mm.Student, mm.Mentor])
def test_typed_constructor_lists_every_field(model: type) -> None:
    tree = ast.parse((ROOT / "src/mentormatch/domain/people.py").read_text(encoding="utf-8"))
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == model.__name__)
    init = next(f for n in cls.body if isinstance(n, ast.If)
                for f in n.body if isinstance(f, ast.FunctionDef) and f.name == "__init__")
    assert [a.arg for a in init.args.kwonlyargs] == list(model.model_fields)  # type: ignore[attr-defined]


def test_documentation_examples_pass_plain_mypy(tmp_path: Path) -> None:
    pytest.importorskip("mypy", reason="mypy is not installed (extra 'dev')")
    files = []
    for name in DOCS:
        if (ROOT / name).exists():
            f = tmp_path / (Path(name).stem.replace("-", "_") + "_examples.py")
            f.write_text(_examples(name), encoding="utf-8")
            files.append(str(f))
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\nignore_missing_imports = True\n", encoding="utf-8")  # no plugin
    env = {**os.environ, "MYPYPATH": str(ROOT / "src")}
    # a cache outside the test's folder: about 10 s the first time, 2 s after
    cache = Path(tempfile.gettempdir()) / "mentormatch-docs-mypy-cache"
    out = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(config),
                          "--cache-dir", str(cache), *files],
                         capture_output=True, text=True, env=env, timeout=300, check=False)
    assert out.returncode == 0, out.stdout + out.stderr
