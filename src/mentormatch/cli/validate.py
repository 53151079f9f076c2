"""``mentormatch validate``: check input files and list every problem with file, row, column.

On success it also lists the columns kept as they are (``extra``: names,
contact, notes — never used for matching) and warns when a kept column's name
is close to a matching field (a typo such as ``Disponibilté``); ``--strict``
makes every unknown column an error instead.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
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

__all__ = ["ValidationReport", "register", "run", "validate_files", "validation_report"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``validate`` command."""
    p = sub.add_parser("validate", help=t("validate.help"),
                       description=t("validate.description"))
    p.add_argument("students", type=Path, help=t("opt.students_file"))
    p.add_argument("mentors", type=Path, nargs="?", help=t("opt.mentors_file"))
    p.add_argument("--policy", type=Path, metavar="FILE", help=t("opt.policy"))
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help=t("validate.opt.format"))
    p.add_argument("--strict", action="store_true", help=t("opt.strict"))
    p.set_defaults(func=run)


@dataclass
class ValidationReport:
    """What ``validate`` found.

    Attributes
    ----------
    problems : list of InputProblem
        Empty when the files are valid.
    counts : dict
        ``{"students": n, "mentors": m}`` for the files read without problems.
    kept : dict
        File name → the columns kept as ``extra`` (in file order).
    close : list of (str, CloseColumn)
        File name and each kept column whose name is close to a matching field.
    """

    problems: list[InputProblem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    kept: dict[str, list[str]] = field(default_factory=dict)
    close: list[tuple[str, Any]] = field(default_factory=list)


def validate_files(students: Path, mentors: Path | None = None,
                   policy: Path | None = None, *,
                   strict: bool = False) -> tuple[list[InputProblem], dict[str, int]]:
    """Return every problem of the files and the number of people read from each.

    Parameters
    ----------
    students : Path
        The students file.
    mentors : Path, optional
        The mentors file; when given, cross-file checks run too.
    policy : Path, optional
        A policy file (its extra subjects and priority tags are known).
    strict : bool
        Unknown columns are errors instead of kept columns.

    Returns
    -------
    problems : list of InputProblem
        Empty when the files are valid.
    counts : dict
        ``{"students": n, "mentors": m}`` for the files read without problems.
    """
    report = validation_report(students, mentors, policy, strict=strict)
    return report.problems, report.counts


def validation_report(students: Path, mentors: Path | None = None,
                      policy: Path | None = None, *, strict: bool = False) -> ValidationReport:
    """Validate the files; see :class:`ValidationReport` (the kept columns and warnings too)."""
    from mentormatch.domain.people import Mentor, Student
    from mentormatch.domain.policy import Policy
    from mentormatch.domain.problem import check_references
    from mentormatch.domain.vocabulary import default_vocabulary
    from mentormatch.io import read_people, read_policy, read_problem

    report = ValidationReport()
    if mentors is not None:
        try:
            problem = read_problem(students, mentors, policy=policy, strict=strict)
        except InputError as exc:
            report.problems = list(exc.problems)
            return report
        report.counts = {"students": len(problem.students), "mentors": len(problem.mentors)}
        same = students.name == mentors.name  # one workbook with both sheets
        _kept(report, f"{students.name} [students]" if same else students.name, "students",
              problem.students)
        _kept(report, f"{mentors.name} [mentors]" if same else mentors.name, "mentors",
              problem.mentors)
        return report

    problems: list[InputProblem] = []
    pol = Policy()
    if policy is not None:
        try:
            pol = read_policy(policy)
        except InputError as exc:
            problems.extend(exc.problems)
    vocab = default_vocabulary().extended(pol.extra_subjects)
    try:
        people, rows = read_people(students, Student, vocabulary=vocab, strict=strict)
    except InputError as exc:
        report.problems = [*problems, *exc.problems]
        return report
    no_mentors: list[Mentor] = []
    for pr in check_references(people, no_mentors, pol):
        # Without the mentors file, references to mentors cannot be checked.
        if pr.code == "unknown_reference" and pr.field in ("excluded_mentors",
                                                             "current_mentor"):
            continue
        row = rows[pr.row] if pr.row is not None and pr.row < len(rows) else pr.row
        problems.append(InputProblem(pr.code, pr.message, row, pr.field, pr.value,
                                     students.name))
    report.problems = problems
    if not problems:
        report.counts["students"] = len(people)
        _kept(report, students.name, "students", people)
    return report


def _kept(report: ValidationReport, name: str, kind: str, people: Any) -> None:
    from mentormatch.io.columns import close_column, kept_columns

    names = kept_columns(people)
    report.kept[name] = names
    for column in names:
        found = close_column(column, kind)
        if found is not None:
            report.close.append((name, found))


def run(args: argparse.Namespace) -> int:
    """Validate and print the problems (stdout); exit 1 when there is any."""
    lang = getattr(args, "lang", None) or "en"
    inputs = [args.students] + [p for p in (args.mentors, args.policy) if p is not None]
    check_inputs_exist(inputs)
    report = validation_report(args.students, args.mentors, args.policy,
                               strict=bool(getattr(args, "strict", False)))
    problems, counts = report.problems, report.counts
    warnings = [t("columns.close_column", lang, file=f, name=c.name, field=c.column,
                     french=c.french) for f, c in report.close]
    if args.format == "json":
        out: dict[str, Any] = {
            "ok": not problems,
            "files": [str(p) for p in inputs],
            "counts": counts,
            "problems": [p.to_dict() for p in problems],
            "kept_columns": report.kept,
            "warnings": [{"file": f, "column": c.name, "close_to": c.column,
                          "message": w} for (f, c), w in zip(report.close, warnings,
                                                             strict=True)],
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
    for file, names in report.kept.items():
        if names:
            print(t("columns.kept_columns", lang, file=file, names=", ".join(names)))
    for line in warnings:
        print(f"{t('columns.warning', lang)}: {line}")
    return EXIT_OK
