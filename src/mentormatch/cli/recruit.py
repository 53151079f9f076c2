"""``mentormatch recruit``: the volunteers to recruit, each profile's gain verified by re-solving.

Reads ``result.json`` written by ``mentormatch match`` in OUTDIR and the input
files recorded in it (as ``mentormatch explain`` does), then prints the table
of :func:`mentormatch.whatif.recruitment.recruitment`: one line a recruiter can
post per profile, best verified priority-weighted gain first.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from mentormatch.cli._common import EXIT_OK, UsageError

__all__ = ["register", "run"]

_WORDS = {
    "title": {"en": "Volunteers to recruit (gains verified by re-solving the match with them):",
              "fr": "Bénévoles à recruter (gains vérifiés en re-résolvant l'appariement "
                    "avec eux) :"},
    "none": {"en": "No volunteer profile tried would match more pupils.",
             "fr": "Aucun profil de bénévole essayé n'apparierait plus d'élèves."},
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``recruit`` command."""
    p = sub.add_parser(
        "recruit", help="volunteer profiles to recruit, from a match's output",
        description="List the volunteer profiles (subject, level, place, weekly window) whose "
                    "recruitment would match the most priority-weighted pupils, each gain "
                    "verified by re-solving, from the result.json written by "
                    "'mentormatch match' in OUTDIR and its input files.")
    p.add_argument("outdir", type=Path, help="output directory of 'mentormatch match'")
    p.add_argument("--top", type=int, default=10, metavar="N",
                   help="how many profiles to list (default 10)")
    p.add_argument("--lang", choices=("en", "fr"), default=None,
                   help="language (default: the one used by match)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the recruitment table."""
    from mentormatch.cli.explain import _load_problem
    from mentormatch.errors import InputError
    from mentormatch.result.read import RESULT_FILE, read_document, result_from_document
    from mentormatch.whatif.recruitment import recruitment

    path = args.outdir / RESULT_FILE
    if not path.is_file():
        raise UsageError(f"{path} not found: run 'mentormatch match ... -o {args.outdir}' first")
    try:
        doc = read_document(path)
        result = result_from_document(doc, source=str(path))
    except (OSError, InputError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    problem, why_not = _load_problem(doc.get("inputs") or {}, args.outdir)
    if problem is None:
        raise UsageError(f"cannot recruit without the input files: {why_not}")
    lang = args.lang or doc.get("lang") or "en"
    items = recruitment(problem, result, top=args.top)
    if args.format == "json":
        data: list[dict[str, Any]] = [{
            "text": i.describe(lang), "count": i.count, "subject": i.subject,
            "band": i.band, "place": i.territory, "window": list(i.window),
            "gain": i.gain, "gain_weight": i.gain_weight, "gain_priority": i.gain_priority,
            "profile": i.profile.model_dump(mode="json")} for i in items]
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    if not items:
        print(_WORDS["none"][lang])
        return EXIT_OK
    print(_WORDS["title"][lang])
    for k, i in enumerate(items, 1):
        print(f"  {k:>2}. {i.describe(lang)}")
    return EXIT_OK
