"""mentormatch: optimal, certified, explainable pairing of pupils with volunteer mentors.

Pairs young people from France's priority neighbourhoods with volunteer
mentors and tutors: the best pairs with a weekly session time each, a proof of
optimality (min-cost flow with an LP-duality certificate), and for every pupil
left unmatched the reason why.

Quick start::

    import mentormatch as mm

    problem = mm.synth.generate(500, seed=1)
    result = mm.match(problem)
    print(result.certificate.optimal, len(result.pairs), len(result.unmatched))

Importing the package has no side effects; heavy modules load on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from mentormatch._version import __version__
from mentormatch.domain import Availability, Location, Mentor, Policy, Problem, Student, Weights
from mentormatch.errors import (
    Cancelled,
    FlowError,
    InfeasibleError,
    InputError,
    InputProblem,
    InternalError,
    MissingExtraError,
    ProblemTooLargeError,
)

# Public name → module that defines it, imported on first access.
_LAZY: dict[str, str] = {
    "match": "mentormatch.pipeline",
    "solve_sparse": "mentormatch.sparse",
    "SparseResult": "mentormatch.sparse",
    "MatchResult": "mentormatch.result.model",
    "greedy_match": "mentormatch.baselines.greedy",
    "read_students": "mentormatch.io.readers",
    "read_mentors": "mentormatch.io.readers",
    "read_policy": "mentormatch.io.readers",
    "read_result": "mentormatch.result.read",
    "compare": "mentormatch.scenarios",
    "sweep": "mentormatch.scenarios",
    "solve_request": "mentormatch.service",
    "recruitment": "mentormatch.whatif.recruitment",
    "EquipmentStock": "mentormatch.domain.equipment",
}
_SUBMODULES = {"synth", "flow", "verify", "io", "domain", "candidates", "network", "solve",
               "result", "pipeline", "sparse", "baselines", "report", "cli",
               "scenarios", "service", "whatif"}

if TYPE_CHECKING:
    from mentormatch import flow, synth, verify
    from mentormatch.baselines.greedy import greedy_match
    from mentormatch.domain.equipment import EquipmentStock
    from mentormatch.io.readers import read_mentors, read_policy, read_students
    from mentormatch.pipeline import match
    from mentormatch.result.model import MatchResult
    from mentormatch.result.read import read_result
    from mentormatch.scenarios import compare, sweep
    from mentormatch.service import solve_request
    from mentormatch.sparse import SparseResult, solve_sparse
    from mentormatch.whatif.recruitment import recruitment

__all__ = [
    "Availability",
    "Cancelled",
    "EquipmentStock",
    "FlowError",
    "InfeasibleError",
    "InputError",
    "InputProblem",
    "InternalError",
    "Location",
    "MatchResult",
    "Mentor",
    "MissingExtraError",
    "Policy",
    "Problem",
    "ProblemTooLargeError",
    "SparseResult",
    "Student",
    "Weights",
    "__version__",
    "compare",
    "flow",
    "greedy_match",
    "match",
    "read_mentors",
    "read_policy",
    "read_result",
    "read_students",
    "recruitment",
    "solve_request",
    "solve_sparse",
    "sweep",
    "synth",
    "verify",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f"mentormatch.{name}")
    raise AttributeError(f"module 'mentormatch' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
