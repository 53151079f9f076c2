"""Exceptions raised by mentormatch.

Every exception a caller may want to catch lives here, in one hierarchy:

* :class:`InputError` (a ``ValueError``) — the data handed in is wrong. It
  carries *every* problem found (:class:`InputProblem`), each with a code,
  where it is (file, row, field) and the offending value.
* :class:`FlowError` and its subclasses — the flow layer could not produce an
  optimum (:class:`InfeasibleError`) or refused numbers it cannot represent
  exactly (:class:`FlowInputError`, also an :class:`InputError`). An
  unbounded flow problem is not an exception: ``min_cost_flow`` returns it
  with ``status="unbounded"``.
* :class:`MissingExtraError` (an ``ImportError``) — an optional dependency is
  missing; the message names the extra to install.
* :class:`ProblemTooLargeError` (a ``MemoryError``) — the full feasible graph
  the certificate needs would not fit in the memory available; raised early,
  with the projection, instead of failing after minutes.
* :class:`Cancelled` — the ``progress`` callback of :func:`mentormatch.match`
  asked to stop; nothing partial is returned.
* :class:`InternalError` — a self-check failed (for example "nothing lost").
  This is a bug in mentormatch, never a partial result.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Cancelled",
    "FlowError",
    "FlowInputError",
    "InfeasibleError",
    "InputError",
    "InputProblem",
    "InputWarning",
    "InternalError",
    "MissingExtraError",
    "ProblemTooLargeError",
]


@dataclass(frozen=True, slots=True)
class InputProblem:
    """One problem found in the input.

    Parameters
    ----------
    code : str
        Machine-readable code, for example ``"duplicate_id"`` or
        ``"unknown_subject"``.
    message : str
        A sentence a coordinator understands.
    row : int or None
        1-based row in the file (the header is row 1 in a CSV file; the first
        object is row 1 in a JSON array), or the 0-based index in a list passed
        from Python, or ``None`` when the problem is not tied to a row.
    field : str or None
        Column or field name, dotted for nested fields.
    value : Any
        The offending value, when there is one.
    source : str or None
        File name or entity kind (``"students"``, ``"mentors"``).
    """

    code: str
    message: str
    row: int | None = None
    field: str | None = None
    value: Any = None
    source: str | None = None

    @property
    def pointer(self) -> str | None:
        """The problem's place as a JSON Pointer (RFC 6901), e.g. ``/students/3/availability``.

        For problems of models built from Python (``Problem(...)``,
        ``Student(...)``) and of JSON documents; ``None`` for a CSV or XLSX file,
        whose places are rows and columns.
        """
        parts: list[str] = []
        if self.source in ("students", "mentors"):
            parts.append(self.source)
            if self.row is not None:
                parts.append(str(self.row))
        elif self.source is not None:
            if not self.source.lower().endswith(".json"):
                return None
            if self.row is not None:
                parts.append(str(self.row - 1))  # JSON rows are 1-based in messages
        if self.field:
            parts.extend(p for p in re.split(r"[.\[\]]+", self.field) if p)
        return "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts) \
            if parts else ""

    def where(self) -> str:
        """Return a human-readable location such as ``students.csv, row 4, field 'level'``."""
        parts: list[str] = []
        if self.source:
            parts.append(self.source)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts) if parts else "input"

    def __str__(self) -> str:
        text = f"{self.where()}: {self.message} [{self.code}]"
        if self.value is not None:
            text += f" (value: {self.value!r})"
        return text

    def to_dict(self) -> dict[str, Any]:
        """Return the problem as a JSON-friendly dictionary."""
        value = self.value
        if not isinstance(value, str | int | float | bool | type(None)):
            value = repr(value)
        return {
            "code": self.code,
            "message": self.message,
            "row": self.row,
            "field": self.field,
            "value": value,
            "source": self.source,
            "pointer": self.pointer,
        }


class InputError(ValueError):
    """Bad input: carries every problem found, not only the first.

    Parameters
    ----------
    problems : sequence of InputProblem
        All problems found. Must not be empty.

    Attributes
    ----------
    problems : tuple of InputProblem
        The problems, in the order they were found.
    """

    def __init__(self, problems: Iterable[InputProblem] | InputProblem) -> None:
        if isinstance(problems, InputProblem):
            problems = [problems]
        self.problems: tuple[InputProblem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("InputError needs at least one problem")
        super().__init__(self._format())

    def _format(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the input:"
        lines = [head, *(f"  - {p}" for p in self.problems[:50])]
        if n > 50:
            lines.append(f"  ... and {n - 50} more")
        return "\n".join(lines)

    @property
    def codes(self) -> list[str]:
        """The codes of all problems, in order."""
        return [p.code for p in self.problems]

    @classmethod
    def single(
        cls,
        code: str,
        message: str,
        *,
        row: int | None = None,
        field: str | None = None,
        value: Any = None,
        source: str | None = None,
    ) -> InputError:
        """Build an error holding a single problem."""
        return cls([InputProblem(code, message, row, field, value, source)])

    @staticmethod
    def merge(errors: Sequence[InputError]) -> InputError:
        """Merge several errors into one, keeping every problem."""
        return InputError([p for e in errors for p in e.problems])


class FlowError(Exception):
    """Base class of the flow layer's errors."""


class FlowInputError(InputError, FlowError):
    """Arrays handed to the flow layer are malformed or not exactly representable."""


class InfeasibleError(FlowError):
    """No flow satisfies the supplies, bounds and capacities."""


class MissingExtraError(ImportError):
    """An optional dependency is not installed.

    Parameters
    ----------
    package : str
        The importable package that is missing.
    extra : str
        The ``mentormatch`` extra that installs it.
    """

    def __init__(self, package: str, extra: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f"this feature needs the optional package {package!r}; "
            f"install it with: pip install 'mentormatch[{extra}]'"
        )


class InputWarning(UserWarning):
    """Input that is accepted but changed, said once: e.g. an exclusion of an absent pupil.

    ``Problem(..., strict=True)`` turns these into :class:`InputError` problems.
    """


class Cancelled(Exception):  # noqa: N818 (the public name of SPEC §6)
    """A match was stopped by its ``progress`` callback (it returned ``False``).

    Nothing partial is returned. ``stage`` is the stage being reported when the
    callback asked to stop (see :mod:`mentormatch._progress`).
    """

    def __init__(self, stage: str = "") -> None:
        self.stage = stage
        super().__init__(f"the match was cancelled by its progress callback (stage {stage!r})"
                         if stage else "the match was cancelled")


class InternalError(RuntimeError):
    """A self-check of mentormatch failed: a bug, never a partial result."""


class ProblemTooLargeError(MemoryError):
    """The full feasible graph would not fit in the memory available.

    Certifying a match optimal prices every feasible pair, so the engine holds
    the whole feasible graph (10 or 12 bytes a pair). Its size is projected from the
    first pupils enumerated (the canonical order is a hash order, so they are a
    random sample) and the match stops early when the graph alone would exceed
    the memory available, rather than failing after minutes.

    Parameters
    ----------
    n_students : int
        Pupils in the problem.
    sampled_students : int
        Pupils enumerated when the projection was made.
    projected_pairs : int
        Projected number of feasible pairs.
    needed_bytes, available_bytes : int
        Memory the graph would need, and memory available when it started.
    """

    def __init__(self, n_students: int, sampled_students: int, projected_pairs: int,
                 needed_bytes: int, available_bytes: int) -> None:
        self.n_students = n_students
        self.sampled_students = sampled_students
        self.projected_pairs = projected_pairs
        self.needed_bytes = needed_bytes
        self.available_bytes = available_bytes
        super().__init__(
            f"too large for this machine: the full feasible graph of these {n_students:,} "
            f"pupils would hold about {projected_pairs:,} pupil-volunteer pairs "
            f"(~{needed_bytes / 1e9:,.1f} GB; projected from the first {sampled_students:,} "
            f"pupils), more than the {available_bytes / 1e9:,.1f} GB of memory available, "
            "and certifying the match optimal needs all of them. Make it smaller: cap the "
            "cost of a pair (Policy.max_pair_cost), or match groups of pupils and volunteers "
            "separately (by territory or association), or use a machine with more memory."
        )
