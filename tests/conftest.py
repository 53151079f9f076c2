"""Test setup shared by every folder: the ``--backends`` option and the hypothesis profiles.

* Any test with a ``backend`` argument is parametrised here, once, over the backends chosen
  with ``--backends`` (default: all of them); ``@pytest.mark.backends("auto", ...)`` names
  the backends such a test supports when they are not :data:`backends.ALL_BACKENDS`. A
  backend whose extra is missing is skipped, and the skip names the extra. Tests that
  parametrise ``backend`` by hand are filtered by ``--backends`` too.
* Hypothesis profiles ``dev`` (default) and ``ci``, chosen with ``HYPOTHESIS_PROFILE``.

Helpers shared by tests live in plain modules next to this file (``backends``,
``instances``, ``strategies``, ``engine_oracle``), importable from any test folder
(``pythonpath`` in ``pyproject.toml``).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from backends import ALL_BACKENDS, CHOICES, backend_params

# dev: every property test runs Hypothesis's 100 examples unless it says otherwise; no
# deadline (timings on a shared machine are noise), and slow data generation is not an error.
settings.register_profile(
    "dev", max_examples=100, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], print_blob=True)
# ci: twice the examples (the default run stays within 3 minutes on 2 cores), and the
# blob that reproduces a failure printed in the log.
settings.register_profile("ci", settings.get_profile("dev"), max_examples=200, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backends", nargs="+", choices=CHOICES, default=list(CHOICES), metavar="NAME",
        help=f"run the tests that take a backend on these only (default: all of {CHOICES})")


def _selected(config: pytest.Config) -> list[str]:
    return list(config.getoption("backends"))


def _parametrised_by_hand(metafunc: pytest.Metafunc) -> bool:
    for mark in metafunc.definition.iter_markers("parametrize"):
        names = mark.args[0] if mark.args else mark.kwargs.get("argnames", ())
        if isinstance(names, str):
            names = [n.strip() for n in names.split(",")]
        if "backend" in names:
            return True
    return False


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise every test that takes ``backend`` over the selected backends."""
    if "backend" not in metafunc.fixturenames or _parametrised_by_hand(metafunc):
        return
    marker = metafunc.definition.get_closest_marker("backends")
    supported = marker.args if marker else ALL_BACKENDS
    unknown = sorted(set(supported) - set(CHOICES))
    if unknown:
        raise pytest.UsageError(f"{metafunc.definition.nodeid}: unknown backends {unknown}")
    chosen = [b for b in supported if b in _selected(metafunc.config)]
    metafunc.parametrize("backend", backend_params(chosen))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect the tests parametrised by hand over a backend ``--backends`` left out."""
    chosen = set(_selected(config))
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        params = getattr(item, "callspec", None)
        name = params.params.get("backend") if params is not None else None
        (drop if name in CHOICES and name not in chosen else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(autouse=True)
def _english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run in English whatever the machine's locale (a test asks for French itself)."""
    monkeypatch.setenv("MENTORMATCH_LANG", "en")
