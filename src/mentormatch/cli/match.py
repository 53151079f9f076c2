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
from typing import Any

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
    p.add_argument("--alternates", type=int, default=0, metavar="K",
                   help="add an 'alternates' column to pairs.csv: up to K volunteers with room "
                        "who could take each pupil if their mentor left (default 0: no column)")
    p.add_argument("--recruit", type=int, default=0, metavar="N",
                   help="add the N volunteer profiles to recruit, each verified by re-solving, "
                        "to report.html (default 0: none; see 'mentormatch recruit')")
    p.set_defaults(func=run)


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
    result = match(problem, time_limit=args.time_limit, **kwargs)
    progress.done(f"{len(result.pairs):,} pairs")

    progress.step(f"writing {args.outdir}")
    from mentormatch.result.summary import summarize

    summary = summarize(result)  # once: for summary.json, report.html and the lines below
    recorded = {
        "students": fingerprint(args.students),
        "mentors": fingerprint(args.mentors),
        "policy": fingerprint(args.policy),
    }
    extra = _whatif(result, problem, args, progress)
    write_match_outputs(result, args.outdir, summary=summary, lang=args.lang,
                        delimiter=_DELIM[args.delimiter], title=args.title, inputs=recorded,
                        **extra)
    progress.done(", ".join(OUTPUT_FILES))

    for line in summary_lines(result, summary, lang=args.lang, seconds=progress.elapsed):
        print(line)
    print(f"Files written to {args.outdir}: {', '.join(OUTPUT_FILES)}")
    return EXIT_OK


def _whatif(result: Any, problem: Any, args: argparse.Namespace, progress: Progress
            ) -> dict[str, Any]:
    """The alternates column and the recruitment list, when asked for (mentormatch.whatif)."""
    out: dict[str, Any] = {}
    if args.alternates > 0:
        from mentormatch.whatif.alternates import alternates
        from mentormatch.whatif.explain import engine_of

        progress.step("backup volunteers")
        alts = alternates(engine_of(result, problem), None, args.alternates)
        out["alternates"] = {sid: "|".join(f"{a.mentor_id} {a.session} {a.extra_cost:+.2f}"
                                           for a in v) for sid, v in alts.items()}
        progress.done(f"{sum(1 for v in alts.values() if v):,} pupils with a backup")
    if args.recruit > 0:
        from mentormatch.whatif.recruitment import recruitment

        progress.step("volunteers to recruit")
        out["recruitment"] = recruitment(problem, result, top=args.recruit)
        progress.done(f"{len(out['recruitment'])} profiles verified")
    return out
