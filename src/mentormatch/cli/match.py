"""``mentormatch match``: pair the pupils of a students file with the volunteers of a mentors file.

Writes, all together or not at all (the output bundle,
:func:`mentormatch.result.bundle.write_bundle`):

* ``pairs.csv`` — one row per pair (session, modality, distance, cost per criterion);
* ``unmatched.csv`` — one row per unmatched pupil, reasons as codes and as words;
* ``mentors.csv`` — every volunteer with their load (zero included);
* ``summary.json`` — :func:`mentormatch.result.summary.summarize`;
* ``report.html`` — the coordinator's report (one self-contained file);
* ``result.json`` — the whole result, machine-readable, read by ``mentormatch explain``;
* ``pairs.xlsx`` — the three tables as sheets of one workbook (when openpyxl is installed).

An existing, non-empty OUTDIR is refused (exit 2, nothing touched) unless
``--overwrite``, which replaces the previous results all at once.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from mentormatch._backends import BACKEND_CHOICES
from mentormatch.cli._common import (
    EXIT_OK,
    check_inputs_exist,
    check_no_overwrite,
    check_output_dir,
    write_match_outputs,
)
from mentormatch.cli._progress import CliProgress, mode_of
from mentormatch.i18n import t
from mentormatch.result.bundle import OUTPUT_FILES, fingerprint

__all__ = ["OUTPUT_FILES", "register", "run"]

_DELIM = {"comma": ",", "semicolon": ";", "tab": "\t"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``match`` command."""
    p = sub.add_parser("match", help=t("match.help"), description=t("match.description"))
    p.add_argument("students", type=Path, help=t("opt.students_file"))
    p.add_argument("mentors", type=Path, help=t("opt.mentors_file"))
    p.add_argument("-o", "--out", "--outdir", dest="outdir", type=Path, required=True,
                   metavar="OUTDIR", help=t("match.opt.outdir"))
    p.add_argument("--overwrite", action="store_true", help=t("match.opt.overwrite"))
    p.add_argument("--policy", type=Path, metavar="FILE", help=t("opt.policy"))
    p.add_argument("--backend", choices=BACKEND_CHOICES, help=t("opt.backend"))
    p.add_argument("--equipment", type=Path, metavar="FILE", help=t("match.opt.equipment"))
    p.add_argument("--verify-marginals", type=int, default=3, metavar="N",
                   help=t("match.opt.verify_marginals"))
    p.add_argument("--time-limit", type=float, default=None, metavar="S",
                   help=t("match.opt.time_limit"))
    p.add_argument("--delimiter", choices=tuple(_DELIM), default=None,
                   help=t("match.opt.delimiter"))
    p.add_argument("--title", default=None, help=t("match.opt.title"))
    talk = p.add_mutually_exclusive_group()
    talk.add_argument("-q", "--quiet", action="store_true", help=t("opt.quiet"))
    talk.add_argument("-v", "--verbose", action="store_true", help=t("opt.verbose"))
    p.add_argument("--strict", action="store_true", help=t("opt.strict"))
    p.add_argument("--pseudonymise", "--pseudonymize", action="store_true",
                   help=t("match.opt.pseudonymise"))
    p.add_argument("--previous", type=Path, default=None, metavar="RESULTS_DIR",
                   help=t("match.opt.previous"))
    p.add_argument("--alternates", type=int, default=0, metavar="K",
                   help=t("match.opt.alternates"))
    p.add_argument("--recruit", type=int, default=0, metavar="N", help=t("match.opt.recruit"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Read, match, write, print a short summary."""
    from mentormatch.cli._text import summary_lines
    from mentormatch.io import read_problem
    from mentormatch.pipeline import match

    inputs = [args.students, args.mentors] + ([args.policy] if args.policy else [])
    inputs += [args.equipment] if args.equipment else []
    check_inputs_exist(inputs)
    check_no_overwrite(args.outdir,
                       (*OUTPUT_FILES, "equipment.csv") if args.equipment else OUTPUT_FILES,
                       inputs)
    check_output_dir(args.outdir, overwrite=args.overwrite)
    progress = CliProgress(mode_of(args.quiet, args.verbose), lang=args.lang)
    delimiter = _DELIM[args.delimiter] if args.delimiter else (";" if args.lang == "fr"
                                                               else ",")

    progress.step(t("progress.reading", a=args.students.name, b=args.mentors.name))
    problem = read_problem(args.students, args.mentors, policy=args.policy,
                           strict=args.strict)
    if args.equipment:   # issue 18
        from mentormatch.io.equipment import with_equipment

        problem = with_equipment(problem, args.equipment)
    if args.pseudonymise:
        from mentormatch.domain.extra import without_extra

        problem = without_extra(problem)
    progress.done(t("progress.read", n=len(problem.students), m=len(problem.mentors)))

    previous = None
    if args.previous is not None:
        from mentormatch.cli._previous import read_previous

        progress.step(t("progress.previous", path=args.previous))
        previous = read_previous(args.previous, problem)
        progress.done(t("progress.pairs", n=len(previous.pairs)))

    progress.step(t("progress.matching"))
    kwargs = {"backend": args.backend} if args.backend else {}
    result = match(problem, time_limit=args.time_limit, previous=previous,
                   progress=progress.engine, **kwargs)
    progress.done(t("progress.pairs", n=len(result.pairs)))
    if result.equipment is not None and args.verify_marginals > 0:
        from mentormatch.equipment import verify_marginals

        progress.step(t("progress.marginals"))
        result = verify_marginals(problem, result, top=args.verify_marginals, **kwargs)
        progress.done(t("progress.resolves", n=args.verify_marginals))

    progress.step(t("progress.writing", path=args.outdir))
    from mentormatch.result.summary import summarize

    summary = summarize(result)  # once: for summary.json, report.html and the lines below
    recorded = {
        "students": fingerprint(args.students),
        "mentors": fingerprint(args.mentors),
        "policy": fingerprint(args.policy),
    }
    if args.equipment:
        recorded["equipment"] = fingerprint(args.equipment)
    extra = _whatif(result, problem, args, progress)
    written = write_match_outputs(result, args.outdir, summary=summary, lang=args.lang,
                                  delimiter=delimiter, title=args.title, inputs=recorded,
                                  **extra)
    files = ", ".join(p.name for p in written)
    progress.done(files)

    from mentormatch.result.radius import radius_line

    if previous is not None:  # the counts of changes come first
        from mentormatch.result.changes import change_counts, words

        print(words("counts", args.lang, **change_counts(result.changes)))
    for line in summary_lines(result, summary, lang=args.lang, seconds=progress.elapsed):
        print(line)
    print(radius_line(problem, args.lang))
    if result.equipment is not None:
        from mentormatch.report.equipment import summary_line

        print(summary_line(result, lang=args.lang))
    print(t("progress.written", path=args.outdir, files=files))
    return EXIT_OK


def _whatif(result: Any, problem: Any, args: argparse.Namespace, progress: CliProgress
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
