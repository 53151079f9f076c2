"""``mentormatch demo``: the whole pipeline on built-in synthetic data."""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from mentormatch._backends import BACKEND_CHOICES
from mentormatch.cli._common import EXIT_OK, Progress, check_output_dir, positive_int
from mentormatch.i18n import fmt_int, t

if TYPE_CHECKING:
    from mentormatch.domain.problem import Problem

__all__ = ["register", "run", "scenario_lines"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``demo`` command."""
    p = sub.add_parser("demo", help=t("demo.help"), description=t("demo.description"))
    p.add_argument("--students", type=positive_int, default=2000, metavar="N",
                   help=t("demo.opt.students"))
    p.add_argument("--mentors", type=positive_int, metavar="M", help=t("opt.n_mentors"))
    p.add_argument("--seed", type=int, default=0, help=t("opt.seed"))
    p.add_argument("--backend", choices=BACKEND_CHOICES, help=t("opt.backend"))
    p.add_argument("--out", type=Path, metavar="OUTDIR", help=t("demo.opt.out"))
    p.add_argument("--overwrite", action="store_true", help=t("match.opt.overwrite"))
    p.add_argument("-q", "--quiet", action="store_true", help=t("opt.quiet"))
    p.set_defaults(func=run)


def scenario_lines(problem: Problem, lang: str = "en") -> list[str]:
    """Describe a scenario: pupils, volunteers, places, territories, subjects, priority."""
    students, mentors = problem.students, problem.mentors
    territories = Counter(s.location.territory for s in students
                          if s.location is not None and s.location.territory)
    needs = Counter(s.needs[0] for s in students)
    tags = Counter(t for s in students for t in s.priority_tags)
    no_equipment = sum(1 for s in students if not (s.has_device and s.has_connection))
    places = sum(m.capacity for m in mentors)

    def top(c: Counter[str], k: int = 5) -> str:
        return ", ".join(f"{name} {fmt_int(n, lang)}" for name, n in c.most_common(k)) or "—"

    return [
        t("demo.scenario", lang, n=len(students), m=len(mentors), places=places),
        t("demo.territories", lang, n=len(territories), top=top(territories, 3)),
        t("demo.needs", lang, top=top(needs)),
        t("demo.tags", lang, top=top(tags)),
        t("demo.no_equipment", lang, n=no_equipment),
    ]


def run(args: argparse.Namespace) -> int:
    """Generate, match, print (and optionally write the outputs)."""
    from mentormatch.cli._text import summary_lines
    from mentormatch.result.summary import summarize
    from mentormatch.synth import generate

    if args.out is not None:
        check_output_dir(args.out, overwrite=args.overwrite)
    progress = Progress(args.quiet)
    t0 = time.perf_counter()
    progress.step(t("progress.generating", n=args.students, seed=str(args.seed)))
    problem = generate(args.students, n_mentors=args.mentors, seed=args.seed)
    progress.done()
    for line in scenario_lines(problem, args.lang):
        print(line)

    from mentormatch.pipeline import match

    progress.step(t("progress.matching"))
    kwargs = {"backend": args.backend} if args.backend else {}
    result = match(problem, **kwargs)
    progress.done()
    seconds = time.perf_counter() - t0
    summary = summarize(result)  # once: for the lines below and the output files
    for line in summary_lines(result, summary, lang=args.lang, seconds=seconds,
                              top_reasons=3):
        print(line)
    if args.out is not None:
        from mentormatch.cli._common import UsageError, write_match_outputs
        from mentormatch.io.writers import write_mentors_csv, write_students_csv
        from mentormatch.result.bundle import fingerprint

        progress.step(t("progress.writing", path=args.out))
        # The scenario goes next to the outputs so that `explain` can recompute runner-ups.
        inputs = {"students": args.out / "demo_students.csv",
                  "mentors": args.out / "demo_mentors.csv"}
        try:
            args.out.mkdir(parents=True, exist_ok=True)
            write_students_csv(inputs["students"], problem.students)
            write_mentors_csv(inputs["mentors"], problem.mentors)
        except OSError as exc:
            raise UsageError(t("usage.cannot_write", path=args.out,
                               reason=exc.strerror or str(exc))) from None
        written = write_match_outputs(result, args.out, summary=summary, lang=args.lang,
                                      title=t("report.demo_title", args.lang),
                                      inputs={k: fingerprint(p) for k, p in inputs.items()})
        progress.done()
        print(t("demo.written", path=args.out, files=", ".join(p.name for p in written)))
    return EXIT_OK
