"""``mentormatch match``: pair the pupils of a students file with the volunteers of a mentors file.

Writes, all together or not at all (see :func:`~mentormatch.cli._common.staged_output`):

* ``pairs.csv`` — one row per pair (session, modality, distance, cost per criterion);
* ``unmatched.csv`` — one row per unmatched pupil, reasons as codes and as words;
* ``mentors.csv`` — every volunteer with their load (zero included);
* ``summary.json`` — :func:`mentormatch.result.summary.summarize`;
* ``report.html`` — the coordinator's report (one self-contained file);
* ``result.json`` — the whole result, machine-readable, read by ``mentormatch explain``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentormatch._backends import BACKEND_CHOICES
from mentormatch.cli._common import (
    EXIT_OK,
    Progress,
    check_inputs_exist,
    check_no_overwrite,
    staged_output,
)

if TYPE_CHECKING:
    from mentormatch.result.model import MatchResult

__all__ = ["OUTPUT_FILES", "fingerprint", "register", "run", "write_outputs"]

#: Files written into OUTDIR.
OUTPUT_FILES: tuple[str, ...] = (
    "pairs.csv", "unmatched.csv", "mentors.csv", "summary.json", "report.html", "result.json",
)
_DELIM = {"comma": ",", "semicolon": ";", "tab": "\t"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``match`` command."""
    p = sub.add_parser(
        "match", help="pair pupils with volunteers and write the results",
        description="Read the students and mentors files, find the optimal pairing and "
                    "write pairs.csv, unmatched.csv, mentors.csv, summary.json, report.html "
                    "and result.json into OUTDIR (all files or none). Input files are never "
                    "overwritten.",
    )
    p.add_argument("students", type=Path, help="students file (CSV, JSON or XLSX)")
    p.add_argument("mentors", type=Path, help="mentors file (CSV, JSON or XLSX)")
    p.add_argument("-o", "--out", "--outdir", dest="outdir", type=Path, required=True,
                   metavar="OUTDIR", help="output directory (created if missing)")
    p.add_argument("--policy", type=Path, metavar="FILE", help="policy file (JSON or TOML)")
    p.add_argument("--backend", choices=BACKEND_CHOICES,
                   help="solver backend (default: the policy's, normally auto)")
    p.add_argument("--lang", choices=("en", "fr"), default="en",
                   help="language of the reasons in words (default en)")
    p.add_argument("--delimiter", choices=tuple(_DELIM), default="comma",
                   help="delimiter of the CSV files written (default comma; semicolon suits "
                        "French spreadsheet settings)")
    p.add_argument("--title", default=None, help="title of report.html")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no progress messages on stderr (the summary still goes to stdout)")
    p.set_defaults(func=run)


def fingerprint(path: Path | None) -> dict[str, Any] | None:
    """Return the absolute path, name, SHA-256 and size of an input file (None for None)."""
    if path is None:
        return None
    data = path.read_bytes()
    return {"path": str(path.resolve()), "name": path.name,
            "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def write_outputs(result: MatchResult, outdir: Path, *, lang: str = "en",
                  delimiter: str = ",", title: str | None = None,
                  inputs: dict[str, Any] | None = None) -> list[Path]:
    """Write every output file of ``match`` into ``outdir``, all together or not at all.

    Parameters
    ----------
    result : MatchResult
        The match.
    outdir : Path
        Output directory (created if missing).
    lang : {"en", "fr"}
        Language of the reasons in words.
    delimiter : str
        CSV delimiter.
    title : str, optional
        Title of the report.
    inputs : dict, optional
        Description of the input files, recorded in ``result.json``.

    Returns
    -------
    list of Path
        The files written (final paths).
    """
    from mentormatch.io.writers import atomic_write_text
    from mentormatch.report.html import render_report
    from mentormatch.result.export import to_csv, to_dict
    from mentormatch.result.summary import summarize

    summary = summarize(result)
    with staged_output(outdir) as stage:
        to_csv(result, stage, lang=lang, delimiter=delimiter)
        atomic_write_text(stage / "summary.json",
                          json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
        subtitle = None
        if inputs:
            names = [v["name"] for v in inputs.values() if isinstance(v, dict) and "name" in v]
            subtitle = (f"{summary['students']['total']:,} pupils, "
                        f"{summary['mentors']['total']:,} volunteers — " + ", ".join(names))
        atomic_write_text(stage / "report.html", render_report(
            result, title=title or "mentormatch — pairing report", lang=lang,
            subtitle=subtitle))
        doc = to_dict(result, lang=lang, include_summary=False)
        doc["inputs"] = inputs or {}
        doc["lang"] = lang
        atomic_write_text(stage / "result.json",
                          json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    return [outdir / name for name in OUTPUT_FILES]


def run(args: argparse.Namespace) -> int:
    """Read, match, write, print a short summary."""
    from mentormatch.cli._text import summary_lines
    from mentormatch.io import read_problem
    from mentormatch.pipeline import match

    inputs = [args.students, args.mentors] + ([args.policy] if args.policy else [])
    check_inputs_exist(inputs)
    check_no_overwrite(args.outdir, OUTPUT_FILES, inputs)
    progress = Progress(args.quiet)

    progress.step(f"reading {args.students.name} and {args.mentors.name}")
    problem = read_problem(args.students, args.mentors, policy=args.policy)
    progress.done(f"{len(problem.students):,} pupils, {len(problem.mentors):,} volunteers")

    progress.step("matching")
    kwargs = {"backend": args.backend} if args.backend else {}
    result = match(problem, **kwargs)
    progress.done(f"{len(result.pairs):,} pairs")

    progress.step(f"writing {args.outdir}")
    recorded = {
        "students": fingerprint(args.students),
        "mentors": fingerprint(args.mentors),
        "policy": fingerprint(args.policy),
    }
    write_outputs(result, args.outdir, lang=args.lang, delimiter=_DELIM[args.delimiter],
                  title=args.title, inputs=recorded)
    progress.done(", ".join(OUTPUT_FILES))

    from mentormatch.result.summary import summarize

    for line in summary_lines(result, summarize(result), lang=args.lang,
                              seconds=progress.elapsed):
        print(line)
    print(f"Files written to {args.outdir}: {', '.join(OUTPUT_FILES)}")
    return EXIT_OK
