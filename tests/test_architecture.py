"""The layer order of docs/architecture.md, enforced on every import of ``src/mentormatch``.

A module may import only from its own layer or from a layer below it; ``flow/`` is
domain-free (it imports base modules and itself, nothing else). Every import counts:
module-level, function-local and ``TYPE_CHECKING`` ones; relative imports are resolved.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = "mentormatch"
SRC = Path(__file__).resolve().parents[1] / "src" / PACKAGE

# The one table: every top-level module or package of mentormatch, and its layer (low to high).
# A new top-level module or package must be placed here (test_every_module_has_a_layer).
LAYERS: dict[str, tuple[str, ...]] = {
    "base": ("_version", "errors", "_arrays", "_memory", "_threads", "_extras", "_backends", "i18n",
             "_progress"),
    "domain": ("domain",),
    "io/synth": ("io", "synth"),
    "candidates": ("candidates",),
    "continuity": ("continuity",),
    "network": ("network",),
    "flow/verify": ("flow", "verify"),
    "solve": ("solve",),
    "result": ("result",),
    "pipeline/sparse/baselines": ("pipeline", "sparse", "baselines", "scenarios",
                                  "service", "rerun", "equipment"),
    "whatif": ("whatif",),
    "report": ("report",),
    "cli": ("cli",),
    "façade": ("__init__", "__main__"),
}
RANK = {name: rank for rank, name in enumerate(LAYERS)}
LAYER_OF = {top: layer for layer, tops in LAYERS.items() for top in tops}


@dataclass(frozen=True)
class Import:
    """One import statement's target, seen from the module that contains it."""

    module: str  # importing module, dotted
    line: int
    target: str  # imported mentormatch module (or the package itself for façade names)
    statement: str


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def _top(module: str) -> str:
    """The top-level part of a mentormatch module: its key in LAYERS."""
    if module == PACKAGE:
        return "__init__"
    return module.split(".")[1]


def _resolve(importer: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The absolute module an ``import from`` names (relative imports resolved)."""
    if node.level == 0:
        return node.module or ""
    parts = importer.split(".")
    # the package a relative import starts from: the module itself if it is a package
    base = parts[: len(parts) - (node.level - 1) - (0 if is_package else 1)]
    return ".".join(base + ([node.module] if node.module else []))


def targets(importer: str, is_package: bool, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The mentormatch modules one import statement reaches (the package for façade names)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        source = _resolve(importer, is_package, node)
        # ``from mentormatch.x import y`` imports the submodule x.y when there is one
        names = [f"{source}.{a.name}" if f"{source}.{a.name}" in MODULES else source
                 for a in node.names]
    return [n for n in names if n == PACKAGE or n.startswith(PACKAGE + ".")]


def imports_of(module: str) -> list[Import]:
    """Every mentormatch module that ``module`` imports, wherever the statement sits."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return [Import(module, node.lineno, t, ast.unparse(node)) for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for t in targets(module, path.name == "__init__.py", node)]


ALL_IMPORTS = [imp for module in MODULES for imp in imports_of(module)]


def _where(imp: Import) -> str:
    return f"{MODULES[imp.module].relative_to(SRC.parent)}:{imp.line}"


def test_the_package_is_found() -> None:
    assert f"{PACKAGE}.pipeline" in MODULES
    assert len(ALL_IMPORTS) > 100


def test_every_module_has_a_layer() -> None:
    missing = sorted({_top(m) for m in MODULES} - set(LAYER_OF))
    assert not missing, (
        f"place these top-level modules/packages in LAYERS of {Path(__file__).name} "
        f"and in docs/architecture.md: {missing}")
    stale = sorted(set(LAYER_OF) - {_top(m) for m in MODULES})
    assert not stale, f"LAYERS names modules that no longer exist: {stale}"


def test_no_import_runs_up_a_layer() -> None:
    upward = []
    for imp in ALL_IMPORTS:
        mine, theirs = LAYER_OF.get(_top(imp.module)), LAYER_OF.get(_top(imp.target))
        if mine is None or theirs is None:
            continue  # reported by test_every_module_has_a_layer
        if RANK[theirs] > RANK[mine]:
            upward.append(f"{_where(imp)}: {imp.statement!r}, {mine} imports {theirs}")
    assert not upward, "imports that run up a layer:\n" + "\n".join(dict.fromkeys(upward))


def test_flow_is_domain_free() -> None:
    allowed = set(LAYERS["base"]) | {"flow"}
    leaks = [f"{_where(imp)}: {imp.statement!r}" for imp in ALL_IMPORTS
             if _top(imp.module) == "flow" and _top(imp.target) not in allowed]
    assert not leaks, ("flow/ must import only base modules and itself:\n"
                       + "\n".join(dict.fromkeys(leaks)))


@pytest.mark.parametrize(("importer", "is_package", "source", "expected"), [
    ("mentormatch.flow.backends", True, "from . import highs", "mentormatch.flow.backends.highs"),
    ("mentormatch.flow.backends.highs", False, "from . import _base",
     "mentormatch.flow.backends._base"),
    ("mentormatch.flow.backends.highs", False, "from .._core import x", "mentormatch.flow._core"),
    ("mentormatch.flow.backends.highs", False, "from ... import errors", "mentormatch.errors"),
    ("mentormatch.report.html", False, "from mentormatch import __version__", "mentormatch"),
    ("mentormatch.cli.main", False, "import mentormatch.flow", "mentormatch.flow"),
    ("mentormatch.cli.main", False, "import numpy", None),
])
def test_imports_are_resolved(importer: str, is_package: bool, source: str,
                              expected: str | None) -> None:
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.Import | ast.ImportFrom)
    assert targets(importer, is_package, node) == ([expected] if expected else [])
