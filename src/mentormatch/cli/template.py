"""``mentormatch template``: an empty input file to fill in, with one example row.

``mentormatch template --lang fr -o modele.xlsx`` writes a workbook with the
sheets Élèves, Bénévoles and Colonnes (what each column holds); ``-o
modele.csv`` writes ``modele_eleves.csv`` and ``modele_benevoles.csv``. Both
read back through ``mentormatch validate`` without a problem.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from mentormatch.cli._common import EXIT_OK, UsageError
from mentormatch.i18n import t

__all__ = ["register", "run"]

def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``template`` command."""
    p = sub.add_parser("template", help=t("template.help"), description=t("template.description"))
    p.add_argument("-o", "--out", dest="out", type=Path, required=True, metavar="OUT",
                   help=t("template.opt.out"))
    p.add_argument("--lang", choices=("fr", "en"), default="fr", help=t("template.opt.lang"))
    p.add_argument("--overwrite", action="store_true", help=t("template.opt.overwrite"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the template files."""
    from mentormatch.io.template import template_paths, write_template

    lang = args.lang
    suffix = args.out.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv"):
        raise UsageError(t("template.suffix", lang, suffix=args.out.suffix))
    targets = template_paths(args.out, lang)
    if not args.overwrite:
        for target in targets:
            if target.exists():
                raise UsageError(t("template.exists", lang, path=target))
    written = write_template(args.out, lang=lang)
    print(t("template.written", lang, files=", ".join(str(p) for p in written)))
    return EXIT_OK
