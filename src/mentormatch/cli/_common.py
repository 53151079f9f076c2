"""Shared pieces of the commands: exit codes, progress, error printing, the output bundle."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from mentormatch.errors import InputError, InputProblem

if TYPE_CHECKING:
    from mentormatch.result.document import InputFile
    from mentormatch.result.model import MatchResult
    from mentormatch.result.summary import MatchSummary

__all__ = [
    "EXIT_INPUT",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_TOO_LARGE",
    "EXIT_USAGE",
    "Progress",
    "UsageError",
    "check_inputs_exist",
    "format_problem",
    "print_input_error",
    "write_match_outputs",
]

#: Success.
EXIT_OK = 0
#: The input files have problems (each is printed with its file, row and column).
EXIT_INPUT = 1
#: The command line is wrong: unknown option, missing file, output that would
#: overwrite an input, missing optional extra.
EXIT_USAGE = 2
#: A self-check failed or an unexpected error happened: a bug, please report it.
EXIT_INTERNAL = 3
#: The problem is too large for the memory available (its full feasible graph
#: would not fit; the message says by how much and how to make it smaller).
EXIT_TOO_LARGE = 4

_TABLE_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx"}


class UsageError(Exception):
    """A mistake on the command line (exit code :data:`EXIT_USAGE`)."""


class Progress:
    """Progress messages on stderr (silent when ``quiet``).

    Each :meth:`step` prints what is starting; :meth:`done` the time it took.
    """

    def __init__(self, quiet: bool = False, stream: IO[str] | None = None) -> None:
        self.quiet = quiet
        self.stream = stream
        self.t0 = time.perf_counter()
        self._t = self.t0

    def _out(self) -> IO[str]:
        return self.stream if self.stream is not None else sys.stderr

    def step(self, message: str) -> None:
        """Announce a step."""
        self._t = time.perf_counter()
        if not self.quiet:
            print(f"[mentormatch] {message} ...", file=self._out(), flush=True)

    def done(self, message: str = "done") -> float:
        """Report the end of the current step; return its duration in seconds."""
        dt = time.perf_counter() - self._t
        if not self.quiet:
            print(f"[mentormatch]   {message} ({dt:.2f} s)", file=self._out(), flush=True)
        return dt

    @property
    def elapsed(self) -> float:
        """Seconds since the start."""
        return time.perf_counter() - self.t0


def positive_int(text: str) -> int:
    """argparse type: a whole number of at least 1."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, got {n}")
    return n


def format_problem(p: InputProblem) -> str:
    """Return one line per problem.

    For example ``students.csv, row 4, column 'level': message [code] (value: 'x')``.
    """
    parts: list[str] = []
    if p.source:
        parts.append(p.source)
    if p.row is not None:
        parts.append(f"row {p.row}")
    if p.field:
        word = "column" if p.source and Path(p.source).suffix.lower() in _TABLE_SUFFIXES \
            else "field"
        parts.append(f"{word} '{p.field}'")
    where = ", ".join(parts) if parts else "input"
    text = f"{where}: {p.message} [{p.code}]"
    if p.value is not None and p.value != "":
        text += f" (value: {p.value!r})"
    return text


def print_input_error(err: InputError, stream: IO[str] | None = None, *,
                      limit: int | None = None) -> None:
    """Print every problem of an :class:`InputError` (all of them unless ``limit``)."""
    out = stream if stream is not None else sys.stderr
    n = len(err.problems)
    print(f"{n} problem{'s' if n != 1 else ''} found in the input:", file=out)
    shown = err.problems if limit is None else err.problems[:limit]
    for p in shown:
        print(f"  - {format_problem(p)}", file=out)
    if len(shown) < n:
        print(f"  ... and {n - len(shown)} more (use --format json to get them all)", file=out)


def check_inputs_exist(paths: Sequence[Path]) -> None:
    """Raise :class:`UsageError` when an input file is missing or is a directory."""
    for p in paths:
        if not p.exists():
            raise UsageError(f"no such file: {p}")
        if p.is_dir():
            raise UsageError(f"{p} is a directory, not a file")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_no_overwrite(outdir: Path, names: Sequence[str], inputs: Sequence[Path]) -> None:
    """Refuse an output directory where a file to write is one of the inputs."""
    if outdir.exists() and not outdir.is_dir():
        raise UsageError(f"{outdir} exists and is not a directory")
    for name in names:
        target = outdir / name
        for src in inputs:
            if _same_file(target, src) or target.resolve() == src.resolve():
                raise UsageError(
                    f"writing {target} would overwrite the input file {src}; "
                    "choose another output directory"
                )


def write_match_outputs(result: MatchResult, outdir: Path, *, summary: MatchSummary,
                        lang: str = "en", delimiter: str = ",", title: str | None = None,
                        inputs: Mapping[str, InputFile | None] | None = None,
                        alternates: Mapping[str, str] | None = None,
                        recruitment: Sequence[Any] | None = None) -> list[Path]:
    """Render ``report.html`` and write it with the output bundle, all files or none.

    The report is rendered first (by :mod:`mentormatch.report`, a layer above
    the result package) and handed to
    :func:`mentormatch.result.bundle.write_bundle`, which stages every file
    and publishes them together. ``summary`` is the one
    :func:`~mentormatch.result.summary.summarize` of ``result`` the command
    also prints.

    Returns
    -------
    list of Path
        The files written (final paths).
    """
    from mentormatch.report.html import render_report
    from mentormatch.result.bundle import write_bundle

    sources = [info["name"] for info in (inputs or {}).values() if info is not None]
    report = render_report(result, summary=summary, lang=lang, sources=sources or None,
                           title=title or "mentormatch — pairing report",
                           recruitment=recruitment)
    return write_bundle(result, outdir, summary=summary, report=report, lang=lang,
                        delimiter=delimiter, inputs=inputs, alternates=alternates)
