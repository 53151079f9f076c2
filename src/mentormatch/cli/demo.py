"""``mentormatch demo``: the whole pipeline on built-in synthetic data."""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from mentormatch._backends import BACKEND_CHOICES
from mentormatch.cli._common import EXIT_OK, Progress, UsageError, positive_int

if TYPE_CHECKING:
    from mentormatch.domain.problem import Problem

__all__ = ["register", "run", "scenario_lines"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``demo`` command."""
    p = sub.add_parser(
        "demo", help="run the whole pipeline on built-in synthetic data",
        description="Generate a realistic synthetic scenario (pupils of priority "
                    "neighbourhoods, volunteers), match it optimally and print pupils "
                    "matched, the certificate, the main reasons pupils are unmatched and "
                    "the time taken.",
    )
    p.add_argument("--students", type=positive_int, default=2000, metavar="N",
                   help="number of pupils (default 2000)")
    p.add_argument("--mentors", type=positive_int, metavar="M",
                   help="number of volunteers (default: chosen by the generator)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--backend", choices=BACKEND_CHOICES,
                   help="solver backend")
    p.add_argument("--out", type=Path, metavar="OUTDIR",
                   help="also write the output files of 'match' (and the inputs as CSV) here")
    p.add_argument("--lang", choices=("en", "fr"), default="en",
                   help="language of the reasons in words (default en)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=run)


def scenario_lines(problem: Problem) -> list[str]:
    """Describe a scenario: pupils, volunteers, places, territories, subjects, priority."""
    students, mentors = problem.students, problem.mentors
    territories = Counter(s.location.territory for s in students
                          if s.location is not None and s.location.territory)
    needs = Counter(s.needs[0] for s in students)
    tags = Counter(t for s in students for t in s.priority_tags)
    no_equipment = sum(1 for s in students if not (s.has_device and s.has_connection))
    places = sum(m.capacity for m in mentors)

    def top(c: Counter[str], k: int = 5) -> str:
        return ", ".join(f"{name} {n:,}" for name, n in c.most_common(k)) or "—"

    return [
        f"Scenario:                 {len(students):,} pupils, {len(mentors):,} volunteers "
        f"offering {places:,} places",
        f"Territories:              {len(territories):,} (largest: {top(territories, 3)})",
        f"Main needs:               {top(needs)}",
        f"Priority tags:            {top(tags)}",
        f"Without device or connection at home: {no_equipment:,}",
    ]


def run(args: argparse.Namespace) -> int:
    """Generate, match, print (and optionally write the outputs)."""
    from mentormatch.cli._text import summary_lines
    from mentormatch.result.summary import summarize
    from mentormatch.synth import generate

    if args.out is not None and args.out.exists() and not args.out.is_dir():
        raise UsageError(f"{args.out} exists and is not a directory")
    progress = Progress(args.quiet)
    t0 = time.perf_counter()
    progress.step(f"generating {args.students:,} pupils (seed {args.seed})")
    problem = generate(args.students, n_mentors=args.mentors, seed=args.seed)
    progress.done()
    for line in scenario_lines(problem):
        print(line)

    from mentormatch.pipeline import match

    progress.step("matching")
    kwargs = {"backend": args.backend} if args.backend else {}
    result = match(problem, **kwargs)
    progress.done()
    seconds = time.perf_counter() - t0
    summary = summarize(result)  # once: for the lines below and the output files
    for line in summary_lines(result, summary, lang=args.lang, seconds=seconds,
                              top_reasons=3):
        print(line)
    if args.out is not None:
        from mentormatch.cli._common import write_match_outputs
        from mentormatch.io.writers import write_mentors_csv, write_students_csv
        from mentormatch.result.bundle import OUTPUT_FILES, fingerprint

        progress.step(f"writing {args.out}")
        # The scenario goes next to the outputs so that `explain` can recompute runner-ups.
        args.out.mkdir(parents=True, exist_ok=True)
        inputs = {"students": args.out / "demo_students.csv",
                  "mentors": args.out / "demo_mentors.csv"}
        write_students_csv(inputs["students"], problem.students)
        write_mentors_csv(inputs["mentors"], problem.mentors)
        write_match_outputs(result, args.out, summary=summary, lang=args.lang,
                            title="mentormatch — demo pairing report",
                            inputs={k: fingerprint(p) for k, p in inputs.items()})
        progress.done()
        print(f"Files written to {args.out}: {', '.join(OUTPUT_FILES)}, demo_students.csv, "
              "demo_mentors.csv")
    return EXIT_OK
