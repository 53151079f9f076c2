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
from mentormatch.i18n import t

__all__ = ["register", "run"]

def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``recruit`` command."""
    p = sub.add_parser("recruit", help=t("recruit.help"), description=t("recruit.description"))
    p.add_argument("outdir", type=Path, help=t("recruit.opt.outdir"))
    p.add_argument("--top", type=int, default=10, metavar="N", help=t("recruit.opt.top"))
    p.add_argument("--lang", choices=("en", "fr"), default=None, help=t("recruit.opt.lang"))
    p.add_argument("--format", choices=("text", "json"), default="text", help=t("opt.format"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the recruitment table."""
    from mentormatch.cli.explain import _load_problem, load_results, results_folder
    from mentormatch.whatif.recruitment import recruitment

    args.outdir = results_folder(args.outdir)
    doc, result = load_results(args.outdir)
    lang = args.lang or doc.get("lang") or "en"
    problem, why_not = _load_problem(doc.get("inputs") or {}, args.outdir, lang)
    if problem is None:
        raise UsageError(t("recruit.no_inputs", lang, why=why_not))
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
        print(t("recruit.none", lang))
        return EXIT_OK
    print(t("recruit.title", lang))
    for k, i in enumerate(items, 1):
        print(f"  {k:>2}. {i.describe(lang)}")
    return EXIT_OK
