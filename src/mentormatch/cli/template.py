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

__all__ = ["WORDS", "register", "run"]

#: Words a user reads, ``{key: {"en": ..., "fr": ...}}`` (to move into the message catalogue).
WORDS: dict[str, dict[str, str]] = {
    "written": {"en": "Template written: {files}", "fr": "Modèle écrit : {files}"},
    "exists": {"en": "{path} exists; use --overwrite to replace it",
               "fr": "{path} existe déjà ; --overwrite pour le remplacer"},
    "suffix": {"en": "the template is written as .xlsx or .csv (two files), not {suffix!r}",
               "fr": "le modèle s'écrit en .xlsx ou en .csv (deux fichiers), pas {suffix!r}"},
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``template`` command."""
    p = sub.add_parser(
        "template", help="write an empty students and mentors file to fill in",
        description="Write the input template: a students sheet and a mentors sheet with every "
                    "column and one example row, and a sheet explaining each column (.xlsx, "
                    "needs the xlsx extra), or two CSV files when OUT ends with .csv.",
    )
    p.add_argument("-o", "--out", dest="out", type=Path, required=True, metavar="OUT",
                   help="modele.xlsx (one workbook) or modele.csv (two files)")
    p.add_argument("--lang", choices=("fr", "en"), default="fr",
                   help="language of the headers and explanations (default fr)")
    p.add_argument("--overwrite", action="store_true", help="replace existing files")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the template files."""
    from mentormatch.io.template import template_paths, write_template

    lang = args.lang
    suffix = args.out.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv"):
        raise UsageError(WORDS["suffix"][lang].format(suffix=args.out.suffix))
    targets = template_paths(args.out, lang)
    if not args.overwrite:
        for target in targets:
            if target.exists():
                raise UsageError(WORDS["exists"][lang].format(path=target))
    written = write_template(args.out, lang=lang)
    print(WORDS["written"][lang].format(files=", ".join(str(p) for p in written)))
    return EXIT_OK
