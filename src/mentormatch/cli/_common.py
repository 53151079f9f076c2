"""Shared pieces of the commands: exit codes, progress, error printing, the output bundle."""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from mentormatch.errors import InputError, InputProblem
from mentormatch.i18n import fmt_num, has, t

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
    "check_output_dir",
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

    def done(self, message: str | None = None) -> float:
        """Report the end of the current step; return its duration in seconds."""
        dt = time.perf_counter() - self._t
        message = t("progress.done") if message is None else message
        if not self.quiet:
            print(f"[mentormatch]   {message} ({fmt_num(dt)} s)", file=self._out(), flush=True)
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
        raise argparse.ArgumentTypeError(t("type.whole_number", value=repr(text))) from None
    if n < 1:
        raise argparse.ArgumentTypeError(t("type.at_least_1", n=str(n)))
    return n


_HINTS = re.compile(r"did you mean (.+?)\?")
_KNOWN = re.compile(r"\(known columns: (.+)\)")


def problem_message(p: InputProblem, lang: str = "en") -> str:
    """The sentence of a problem in ``lang``.

    English: the problem's own message. French: the sentence of its code
    (``error.<code>`` in the catalogue, with the field and value filled in),
    followed by the suggestions and the known names the English message
    lists. A code the catalogue lacks keeps its English message.
    """
    key = f"error.{p.code}"
    if lang != "fr" or not has(key):
        return p.message
    value = "" if p.value is None else str(p.value)
    text = t(key, lang, field=p.field or "", value=value)
    hints = _HINTS.search(p.message)
    if hints:
        text += " ; " + t("error.did_you_mean", lang, hints=hints.group(1))
    known = _KNOWN.search(p.message)
    if known:
        text += " (" + t("error.known_columns", lang, names=known.group(1)) + ")"
    return text


def format_problem(p: InputProblem, lang: str = "en") -> str:
    """Return one line per problem, in ``lang``.

    For example ``students.csv, row 4, column 'level': message [code] (value: 'x')``,
    or in French ``students.csv, ligne 4, colonne « level » : ... [code] (valeur : 'x')``.
    """
    parts: list[str] = []
    if p.source:
        parts.append(p.source)
    if p.row is not None:
        parts.append(t("error.row", lang, row=str(p.row)))
    if p.field:
        table = p.source and Path(p.source).suffix.lower() in _TABLE_SUFFIXES
        parts.append(t("error.column" if table else "error.field", lang, field=p.field))
    where = ", ".join(parts) if parts else t("error.input", lang)
    sep = " : " if lang == "fr" else ": "
    text = f"{where}{sep}{problem_message(p, lang)} [{p.code}]"
    if p.value is not None and p.value != "":
        text += " " + t("error.value", lang, value=repr(p.value))
    return text


def print_input_error(err: InputError, stream: IO[str] | None = None, *,
                      limit: int | None = None, lang: str = "en") -> None:
    """Print every problem of an :class:`InputError` (all of them unless ``limit``), in ``lang``."""
    out = stream if stream is not None else sys.stderr
    n = len(err.problems)
    print(t("error.header" if n == 1 else "error.header_plural", lang, n=n), file=out)
    shown = err.problems if limit is None else err.problems[:limit]
    for p in shown:
        print(f"  - {format_problem(p, lang)}", file=out)
    if len(shown) < n:
        print("  " + t("error.more", lang, n=n - len(shown)), file=out)


def check_inputs_exist(paths: Sequence[Path]) -> None:
    """Raise :class:`UsageError` when an input file is missing or is a directory."""
    for p in paths:
        if not p.exists():
            raise UsageError(t("usage.no_such_file", path=p))
        if p.is_dir():
            raise UsageError(t("usage.is_dir", path=p))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_no_overwrite(outdir: Path, names: Sequence[str], inputs: Sequence[Path]) -> None:
    """Refuse an output directory where a file to write is one of the inputs."""
    if outdir.exists() and not outdir.is_dir():
        raise UsageError(t("usage.not_a_dir", path=outdir))
    for name in names:
        target = outdir / name
        for src in inputs:
            if _same_file(target, src) or target.resolve() == src.resolve():
                raise UsageError(t("usage.overwrites_input", target=target, src=src))


def check_output_dir(outdir: Path, *, overwrite: bool) -> None:
    """Refuse an existing, non-empty output folder unless ``overwrite`` (nothing is touched).

    Also refuses a path that exists and is not a folder, and a path under a
    file (``notes.txt/out``), which no one could create.
    """
    if outdir.exists() and not outdir.is_dir():
        raise UsageError(t("usage.not_a_dir", path=outdir))
    for parent in outdir.absolute().parents:
        if parent.exists():
            if not parent.is_dir():
                raise UsageError(t("usage.not_a_dir", path=parent))
            break
    if outdir.is_dir() and not overwrite:
        try:
            names = sorted(os.listdir(outdir))
        except OSError as exc:
            raise UsageError(t("usage.cannot_write", path=outdir,
                               reason=exc.strerror or str(exc))) from None
        if names:
            shown = ", ".join(names[:5]) + (", …" if len(names) > 5 else "")
            raise UsageError(t("usage.not_empty", path=outdir, files=shown))


def write_match_outputs(result: MatchResult, outdir: Path, *, summary: MatchSummary,
                        lang: str = "en", delimiter: str = ",", title: str | None = None,
                        inputs: Mapping[str, InputFile | None] | None = None,
                        changes: Sequence[Mapping[str, object]] | None = None,
                        alternates: Mapping[str, str] | None = None,
                        recruitment: Sequence[Any] | None = None) -> list[Path]:
    """Render ``report.html`` and write it with the output bundle, all files or none.

    A folder that cannot be written (no permission, a file in the way, a
    full disk) is a :class:`UsageError` with a clear message (exit code 2),
    the folder left as it was.

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
                           title=title or t("report.title", lang), recruitment=recruitment)
    try:
        return write_bundle(result, outdir, summary=summary, report=report, lang=lang,
                            delimiter=delimiter, inputs=inputs, changes=changes,
                            alternates=alternates)
    except OSError as exc:
        raise UsageError(t("usage.cannot_write", lang, path=outdir,
                           reason=exc.strerror or str(exc))) from None
