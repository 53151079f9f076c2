"""``mentormatch match``: pair the pupils of a students file with the volunteers of a mentors file.

Writes, all together or not at all (the output bundle,
:func:`mentormatch.result.bundle.write_bundle`):

* ``pairs.csv`` — one row per pair (session, modality, distance, cost per criterion);
* ``unmatched.csv`` — one row per unmatched pupil, reasons as codes and as words;
* ``mentors.csv`` — every volunteer with their load (zero included);
* ``summary.json`` — :func:`mentormatch.result.summary.summarize`;
* ``report.html`` — the coordinator's report (one self-contained file);
* ``result.json`` — the whole result, machine-readable, read by ``mentormatch explain``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from mentormatch._backends import BACKEND_CHOICES
from mentormatch.cli._common import (
    EXIT_OK,
    Progress,
    check_inputs_exist,
    check_no_overwrite,
    write_match_outputs,
)
from mentormatch.result.bundle import OUTPUT_FILES, fingerprint

__all__ = ["OUTPUT_FILES", "register", "run"]

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
    p.add_argument("--equipment", type=Path, metavar="FILE",
                   help="stock of tablets and 4G keys to lend (CSV or JSON: scope, devices, "
                        "connections); lent jointly with the pairing, listed in equipment.csv "
                        "(docs/equipment.md)")
    p.add_argument("--verify-marginals", type=int, default=3, metavar="N",
                   help="with --equipment: re-solve with one more item in the N stocks of "
                        "largest estimated marginal value (default 3; 0: none)")
    p.add_argument("--backend", choices=BACKEND_CHOICES,
                   help="solver backend (default: the policy's, normally auto)")
    p.add_argument("--time-limit", type=float, default=None, metavar="S",
                   help="stop after S seconds with the best pairing found so far, marked "
                        "'time_limit' with a proven bound (default: no limit)")
    p.add_argument("--lang", choices=("en", "fr"), default="en",
                   help="language of the reasons in words (default en)")
    p.add_argument("--delimiter", choices=tuple(_DELIM), default="comma",
                   help="delimiter of the CSV files written (default comma; semicolon suits "
                        "French spreadsheet settings)")
    p.add_argument("--title", default=None, help="title of report.html")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no progress messages on stderr (the summary still goes to stdout)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Read, match, write, print a short summary."""
    from mentormatch.cli._text import summary_lines
    from mentormatch.io import read_problem
    from mentormatch.pipeline import match

    inputs = [args.students, args.mentors] + ([args.policy] if args.policy else [])
    inputs += [args.equipment] if args.equipment else []
    check_inputs_exist(inputs)
    files = (*OUTPUT_FILES, "equipment.csv") if args.equipment else OUTPUT_FILES
    check_no_overwrite(args.outdir, files, inputs)
    progress = Progress(args.quiet)

    progress.step(f"reading {args.students.name} and {args.mentors.name}")
    problem = read_problem(args.students, args.mentors, policy=args.policy)
    progress.done(f"{len(problem.students):,} pupils, {len(problem.mentors):,} volunteers")
    if args.equipment:   # issue 18
        from mentormatch.io.equipment import with_equipment

        problem = with_equipment(problem, args.equipment)

    progress.step("matching")
    kwargs = {"backend": args.backend} if args.backend else {}
    result = match(problem, time_limit=args.time_limit, **kwargs)
    progress.done(f"{len(result.pairs):,} pairs")
    if result.equipment is not None and args.verify_marginals > 0:
        from mentormatch.equipment import verify_marginals

        progress.step("verifying the marginal value of equipment")
        result = verify_marginals(problem, result, top=args.verify_marginals, **kwargs)
        progress.done(f"{args.verify_marginals} re-solves")

    progress.step(f"writing {args.outdir}")
    from mentormatch.result.summary import summarize

    summary = summarize(result)  # once: for summary.json, report.html and the lines below
    recorded = {
        "students": fingerprint(args.students),
        "mentors": fingerprint(args.mentors),
        "policy": fingerprint(args.policy),
    }
    if args.equipment:
        recorded["equipment"] = fingerprint(args.equipment)
    write_match_outputs(result, args.outdir, summary=summary, lang=args.lang,
                        delimiter=_DELIM[args.delimiter], title=args.title, inputs=recorded)
    progress.done(", ".join(OUTPUT_FILES))

    for line in summary_lines(result, summary, lang=args.lang, seconds=progress.elapsed):
        print(line)
    if result.equipment is not None:
        from mentormatch.report.equipment import summary_line

        print(summary_line(result, lang=args.lang))
    print(f"Files written to {args.outdir}: {', '.join(files)}")
    return EXIT_OK
