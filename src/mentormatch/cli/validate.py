"""``mentormatch validate``: check input files and list every problem with file, row, column."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from mentormatch.cli._common import (
    EXIT_INPUT,
    EXIT_OK,
    check_inputs_exist,
    print_input_error,
)
from mentormatch.errors import InputError, InputProblem
from mentormatch.i18n import t

__all__ = ["register", "run", "validate_files"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``validate`` command."""
    p = sub.add_parser("validate", help=t("validate.help"),
                       description=t("validate.description"))
    p.add_argument("students", type=Path, help=t("opt.students_file"))
    p.add_argument("mentors", type=Path, nargs="?", help=t("opt.mentors_file"))
    p.add_argument("--policy", type=Path, metavar="FILE", help=t("opt.policy"))
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help=t("validate.opt.format"))
    p.set_defaults(func=run)


def validate_files(students: Path, mentors: Path | None = None,
                   policy: Path | None = None) -> tuple[list[InputProblem], dict[str, int]]:
    """Return every problem of the files and the number of people read from each.

    Parameters
    ----------
    students : Path
        The students file.
    mentors : Path, optional
        The mentors file; when given, cross-file checks run too.
    policy : Path, optional
        A policy file (its extra subjects and priority tags are known).

    Returns
    -------
    problems : list of InputProblem
        Empty when the files are valid.
    counts : dict
        ``{"students": n, "mentors": m}`` for the files read without problems.
    """
    from mentormatch.domain.people import Mentor, Student
    from mentormatch.domain.policy import Policy
    from mentormatch.domain.problem import check_references
    from mentormatch.domain.vocabulary import default_vocabulary
    from mentormatch.io import read_people, read_policy, read_problem

    counts: dict[str, int] = {}
    if mentors is not None:
        try:
            problem = read_problem(students, mentors, policy=policy)
        except InputError as exc:
            return list(exc.problems), counts
        return [], {"students": len(problem.students), "mentors": len(problem.mentors)}

    problems: list[InputProblem] = []
    pol = Policy()
    if policy is not None:
        try:
            pol = read_policy(policy)
        except InputError as exc:
            problems.extend(exc.problems)
    vocab = default_vocabulary().extended(pol.extra_subjects)
    try:
        people, rows = read_people(students, Student, vocabulary=vocab)
    except InputError as exc:
        return [*problems, *exc.problems], counts
    no_mentors: list[Mentor] = []
    for pr in check_references(people, no_mentors, pol):
        # Without the mentors file, references to mentors cannot be checked.
        if pr.code == "unknown_reference" and pr.field in ("excluded_mentors",
                                                             "current_mentor"):
            continue
        row = rows[pr.row] if pr.row is not None and pr.row < len(rows) else pr.row
        problems.append(InputProblem(pr.code, pr.message, row, pr.field, pr.value,
                                     students.name))
    if not problems:
        counts["students"] = len(people)
    return problems, counts


def run(args: argparse.Namespace) -> int:
    """Validate and print the problems (stdout); exit 1 when there is any."""
    inputs = [args.students] + [p for p in (args.mentors, args.policy) if p is not None]
    check_inputs_exist(inputs)
    problems, counts = validate_files(args.students, args.mentors, args.policy)
    if args.format == "json":
        out: dict[str, Any] = {
            "ok": not problems,
            "files": [str(p) for p in inputs],
            "counts": counts,
            "problems": [p.to_dict() for p in problems],
        }
        sys.stdout.write(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
        return EXIT_INPUT if problems else EXIT_OK
    if problems:
        print_input_error(InputError(problems), sys.stdout, lang=args.lang)
        return EXIT_INPUT
    parts = [t("validate.pupils", name=args.students.name, n=str(counts.get("students", 0)))]
    if args.mentors is not None:
        parts.append(t("validate.volunteers", name=args.mentors.name,
                       n=str(counts.get("mentors", 0))))
    print(t("validate.ok", parts=("; " if args.lang != "fr" else " ; ").join(parts)))
    return EXIT_OK
