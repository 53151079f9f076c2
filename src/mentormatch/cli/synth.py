"""``mentormatch synth``: write realistic synthetic students and mentors files."""

from __future__ import annotations

import argparse
from pathlib import Path

from mentormatch.cli._common import EXIT_OK, Progress, UsageError, positive_int
from mentormatch.i18n import t

__all__ = ["register", "run"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``synth`` command."""
    p = sub.add_parser("synth", help=t("synth.help"), description=t("synth.description"))
    p.add_argument("--students", type=positive_int, required=True, metavar="N",
                   help=t("synth.opt.students"))
    p.add_argument("--mentors", type=positive_int, metavar="M", help=t("opt.n_mentors"))
    p.add_argument("--seed", type=int, default=0, help=t("opt.seed"))
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help=t("synth.opt.out"))
    p.add_argument("--format", choices=("csv", "json"), default="csv",
                   help=t("synth.opt.format"))
    p.add_argument("--delimiter", choices=("comma", "semicolon", "tab"), default="comma",
                   help=t("synth.opt.delimiter"))
    p.add_argument("--force", action="store_true", help=t("synth.opt.force"))
    p.add_argument("-q", "--quiet", action="store_true", help=t("opt.quiet"))
    p.set_defaults(func=run)


_DELIM = {"comma": ",", "semicolon": ";", "tab": "\t"}


def run(args: argparse.Namespace) -> int:
    """Generate and write the two files."""
    import json

    from mentormatch.io.writers import atomic_write_text, write_mentors_csv, write_students_csv
    from mentormatch.synth import generate

    out: Path = args.out
    if out.exists() and not out.is_dir():
        raise UsageError(t("usage.not_a_dir", path=out))
    ext = args.format
    targets = [out / f"students.{ext}", out / f"mentors.{ext}"]
    existing = [t for t in targets if t.exists()]
    if existing and not args.force:
        raise UsageError(t("usage.synth_exists", path=existing[0]))
    progress = Progress(args.quiet)
    progress.step(t("progress.generating", n=str(args.students), seed=str(args.seed)))
    problem = generate(args.students, n_mentors=args.mentors, seed=args.seed)
    progress.done(t("progress.read", n=str(len(problem.students)), m=str(len(problem.mentors))))
    out.mkdir(parents=True, exist_ok=True)
    if ext == "json":
        for target, people in zip(targets, (problem.students, problem.mentors), strict=True):
            data = [p.model_dump(mode="json") for p in people]
            atomic_write_text(target, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    else:
        delim = _DELIM[args.delimiter]
        write_students_csv(targets[0], problem.students, delimiter=delim)
        write_mentors_csv(targets[1], problem.mentors, delimiter=delim)
    print(t("synth.wrote", a=targets[0], n=str(len(problem.students)), b=targets[1],
            m=str(len(problem.mentors))))
    return EXIT_OK
