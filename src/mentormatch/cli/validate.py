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

__all__ = ["register", "run", "validate_files"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``validate`` command."""
    p = sub.add_parser(
        "validate", help="check students (and mentors) files; list every problem",
        description="Read the files and report every problem found, each with its file, row "
                    "and column, including checks across files (duplicate IDs, references "
                    "to missing people, unknown priority tags). Exit code 1 when there is "
                    "any problem.",
    )
    p.add_argument("students", type=Path, help="students file (CSV, JSON or XLSX)")
    p.add_argument("mentors", type=Path, nargs="?", help="mentors file (CSV, JSON or XLSX)")
    p.add_argument("--policy", type=Path, metavar="FILE", help="policy file (JSON or TOML)")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="output format (json: {'ok': ..., 'problems': [...]})")
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
        print_input_error(InputError(problems), sys.stdout)
        return EXIT_INPUT
    parts = [f"{args.students.name}: {counts.get('students', 0)} pupils"]
    if args.mentors is not None:
        parts.append(f"{args.mentors.name}: {counts.get('mentors', 0)} volunteers")
    print("OK — " + "; ".join(parts) + "; no problem found.")
    return EXIT_OK
