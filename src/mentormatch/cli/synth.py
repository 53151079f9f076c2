"""``mentormatch synth``: write realistic synthetic students and mentors files."""

from __future__ import annotations

import argparse
from pathlib import Path

from mentormatch.cli._common import EXIT_OK, Progress, UsageError, positive_int

__all__ = ["register", "run"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``synth`` command."""
    p = sub.add_parser(
        "synth", help="write synthetic students.csv and mentors.csv",
        description="Write DIR/students.csv and DIR/mentors.csv with realistic synthetic data "
                    "(priority neighbourhoods, curriculum subjects, availability patterns), "
                    "in the documented CSV format. Deterministic for a seed.",
    )
    p.add_argument("--students", type=positive_int, required=True, metavar="N",
                   help="number of pupils")
    p.add_argument("--mentors", type=positive_int, metavar="M",
                   help="number of volunteers (default: chosen by the generator)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="output directory")
    p.add_argument("--format", choices=("csv", "json"), default="csv",
                   help="file format (default csv)")
    p.add_argument("--delimiter", choices=("comma", "semicolon", "tab"), default="comma",
                   help="CSV delimiter (default comma)")
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=run)


_DELIM = {"comma": ",", "semicolon": ";", "tab": "\t"}


def run(args: argparse.Namespace) -> int:
    """Generate and write the two files."""
    import json

    from mentormatch.io.writers import atomic_write_text, write_mentors_csv, write_students_csv
    from mentormatch.synth import generate

    out: Path = args.out
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} exists and is not a directory")
    ext = args.format
    targets = [out / f"students.{ext}", out / f"mentors.{ext}"]
    existing = [t for t in targets if t.exists()]
    if existing and not args.force:
        raise UsageError(f"{existing[0]} exists; use --force to overwrite it")
    progress = Progress(args.quiet)
    progress.step(f"generating {args.students} pupils (seed {args.seed})")
    problem = generate(args.students, n_mentors=args.mentors, seed=args.seed)
    progress.done(f"{len(problem.students)} pupils, {len(problem.mentors)} volunteers")
    out.mkdir(parents=True, exist_ok=True)
    if ext == "json":
        for target, people in zip(targets, (problem.students, problem.mentors), strict=True):
            data = [p.model_dump(mode="json") for p in people]
            atomic_write_text(target, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    else:
        delim = _DELIM[args.delimiter]
        write_students_csv(targets[0], problem.students, delimiter=delim)
        write_mentors_csv(targets[1], problem.mentors, delimiter=delim)
    print(f"wrote {targets[0]} ({len(problem.students)} pupils) and "
          f"{targets[1]} ({len(problem.mentors)} volunteers)")
    return EXIT_OK
