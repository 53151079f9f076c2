"""The output bundle of a match: the files ``mentormatch match`` writes, all or none.

:func:`write_bundle` writes into one folder:

* ``pairs.csv``, ``unmatched.csv``, ``mentors.csv`` — :func:`~mentormatch.result.export.to_csv`;
* ``changes.csv`` — with pairs in force only (``match(previous=...)``), one row
  per pupil: :func:`~mentormatch.result.changes.change_rows`;
* ``summary.json`` — :func:`~mentormatch.result.summary.summarize`;
* ``pairs.xlsx`` — the three tables (and the changes, when given) as sheets
  of one workbook, when ``openpyxl`` is installed (:func:`write_tables`);
* ``report.html`` — the coordinator's report, when one is given (it is
  rendered by :mod:`mentormatch.report`, a layer above this package, and
  passed in as text);
* ``result.json`` — :func:`~mentormatch.result.export.to_dict` plus the input
  files used (:func:`fingerprint`) and the language; read back by
  :func:`~mentormatch.result.read.read_result`.

The files are written in a staging folder and published together
(:func:`mentormatch.io.writers.staged_output`): the previous bundle in the
folder is replaced whole (other files in the folder are kept), and a failure
leaves the folder as it was.

In French (``lang="fr"``) the CSV files are written for a French
spreadsheet: a UTF-8 byte-order mark, ``;`` between cells (unless another
delimiter is asked for), decimal commas, headers and modalities in French.
The English files are unchanged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentormatch.result.read import RESULT_FILE

if TYPE_CHECKING:
    from mentormatch.result.document import InputFile
    from mentormatch.result.model import MatchResult
    from mentormatch.result.summary import MatchSummary

__all__ = ["CSV_FILES", "OUTPUT_FILES", "OWNED_FILES", "REPORT_FILE", "SUMMARY_FILE",
           "XLSX_FILE", "fingerprint", "localized_tables", "write_bundle", "write_tables"]

#: The spreadsheet files of the bundle.
CSV_FILES: tuple[str, ...] = ("pairs.csv", "unmatched.csv", "mentors.csv")
#: The summary file of the bundle.
SUMMARY_FILE = "summary.json"
#: The report file of the bundle (written when a report is given).
REPORT_FILE = "report.html"
#: Every file of a complete bundle, in the order written (what ``mentormatch match`` writes).
OUTPUT_FILES: tuple[str, ...] = (*CSV_FILES, SUMMARY_FILE, REPORT_FILE, RESULT_FILE)
#: The workbook of the bundle (written when ``openpyxl`` is installed).
XLSX_FILE = "pairs.xlsx"
#: Every file name a bundle may hold: replaced (or removed) when a bundle replaces another.
OWNED_FILES: frozenset[str] = frozenset({*OUTPUT_FILES, XLSX_FILE, "changes.csv",
                                         "equipment.csv"})

#: Columns whose values are words to translate (``modality.<value>``, ``role.<value>``).
_VALUE_WORDS = {"modality": "modality", "mentor_role": "role", "role": "role"}
#: Columns holding a time of day (``hh:mm``): times in the workbook.
_TIME_COLUMNS = {"start", "end"}


def fingerprint(path: str | Path | None) -> InputFile | None:
    """Return the name, SHA-256 and size of an input file (None for None).

    Only the file's *name* is recorded, never its folder: a path such as
    ``/home/<coordinator>/...`` is personal data that ``result.json`` has no need
    to carry. ``mentormatch explain`` finds the file again by name and checks it
    by its SHA-256.
    """
    if path is None:
        return None
    p = Path(path)
    data = p.read_bytes()
    return {"name": p.name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def _header(column: str, lang: str) -> str:
    from mentormatch.i18n import has, t

    key = f"col.{column}"
    if has(key):
        return t(key, lang)
    if column.startswith("cost_"):
        return t("col.cost_prefix", lang, term=column[len("cost_"):])
    return column


def _value(column: str, value: Any, lang: str) -> Any:
    from mentormatch.i18n import has, t

    family = _VALUE_WORDS.get(column)
    if family is not None and isinstance(value, str) and has(f"{family}.{value}"):
        return t(f"{family}.{value}", lang)
    return value


def localized_tables(result: MatchResult, *, lang: str = "en",
                     changes: Sequence[Mapping[str, Any]] | None = None,
                     alternates: Mapping[str, str] | None = None
                     ) -> list[tuple[str, str, list[str], list[list[Any]]]]:
    """The tables of a match with headers (and modalities, roles) in ``lang``.

    Returns
    -------
    list of (file name, sheet name, header, rows)
        ``pairs``, ``unmatched``, ``mentors`` and, when ``changes`` holds
        records, ``changes`` (its columns are the keys of the records).
        Values keep their types (numbers stay numbers).
    """
    from mentormatch.i18n import t
    from mentormatch.result.export import mentor_rows, pair_rows, unmatched_rows

    tables = [("pairs.csv", "pairs", *pair_rows(result, alternates=alternates)),
              ("unmatched.csv", "unmatched", *unmatched_rows(result, lang=lang)),
              ("mentors.csv", "mentors", *mentor_rows(result))]
    if changes:
        cols = list(dict.fromkeys(k for rec in changes for k in rec))
        tables.append(("changes.csv", "changes", [dict(r) for r in changes], cols))
    if result.equipment is not None:  # issue 18: pupil → item → stock
        from mentormatch.result.equipment import EQUIPMENT_FILE, equipment_rows

        tables.append((EQUIPMENT_FILE, "equipment", list(equipment_rows(result.equipment)),
                       ["student_id", "item", "scope"]))
    out = []
    for file, sheet, rows, columns in tables:
        body = [[_value(c, r.get(c), lang) for c in columns] for r in rows]
        out.append((file, t(f"sheet.{sheet}", lang), [_header(c, lang) for c in columns],
                    body))
    return out


def _decimal_comma(value: Any) -> Any:
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return value


def write_tables(result: MatchResult, directory: str | Path, *, lang: str = "en",
                 delimiter: str = ",", xlsx: bool | None = None,
                 changes: Sequence[Mapping[str, Any]] | None = None,
                 alternates: Mapping[str, str] | None = None) -> list[Path]:
    """Write the CSV files (in the spreadsheet style of ``lang``) and ``pairs.xlsx``.

    In English the CSV files are exactly those of
    :func:`~mentormatch.result.export.to_csv`. In French they start with a
    UTF-8 byte-order mark and carry decimal commas and French headers (Excel
    set to French opens them right with ``;`` as the delimiter).

    Parameters
    ----------
    xlsx : bool, optional
        Write ``pairs.xlsx`` (default: when ``openpyxl`` is installed).
    changes : sequence of mapping, optional
        Change records (one mapping each), written as ``changes.csv`` and a
        sheet of the workbook when there are any.

    Returns
    -------
    list of Path
        The files written.
    """
    from mentormatch.io.writers import write_csv, write_xlsx
    from mentormatch.result.export import to_csv

    out = Path(directory)
    tables = localized_tables(result, lang=lang, changes=changes, alternates=alternates)
    if lang == "fr":
        written = []
        for file, _, header, rows in tables:
            write_csv(out / file, [dict(zip(header, map(_decimal_comma, row), strict=True))
                                   for row in rows], header, delimiter=delimiter, bom=True)
            written.append(out / file)
    else:
        written = to_csv(result, out, lang=lang, delimiter=delimiter, alternates=alternates)
        if changes:
            file, _, header, rows = next(tb for tb in tables if tb[0] == "changes.csv")
            write_csv(out / file, [dict(zip(header, row, strict=True)) for row in rows],
                      header, delimiter=delimiter)
            written.append(out / file)
    if xlsx is None:
        xlsx = importlib.util.find_spec("openpyxl") is not None
    if xlsx:
        write_xlsx(out / XLSX_FILE, [
            (sheet, header, [[_time(c, v) for c, v in zip(header, row, strict=True)]
                             for row in rows])
            for _, sheet, header, rows in tables])
        written.append(out / XLSX_FILE)
    return written


def _time(header: str, value: Any) -> Any:  # "17:30" → a time of day
    if isinstance(value, str) and len(value) == 5 and value[2] == ":" and \
            value.replace(":", "").isdigit():
        hours, minutes = int(value[:2]), int(value[3:])
        if hours < 24:
            return dt.time(hours, minutes)
    return value


def write_bundle(result: MatchResult, outdir: str | Path, *, lang: str = "en",
                 delimiter: str = ",", inputs: Mapping[str, InputFile | None] | None = None,
                 summary: MatchSummary | None = None, report: str | None = None,
                 xlsx: bool | None = None,
                 changes: Sequence[Mapping[str, Any]] | None = None,
                 alternates: Mapping[str, str] | None = None) -> list[Path]:
    """Write the output files of a match into ``outdir``, all together or not at all.

    Parameters
    ----------
    result : MatchResult
        The match.
    outdir : str or Path
        Output folder (created if missing). A bundle already there is
        replaced whole, all at once (:data:`OWNED_FILES`); other files are
        left alone. (The command line refuses a non-empty folder without
        ``--overwrite`` before calling this.)
    lang : {"en", "fr"}
        Language of the reasons in words (CSV and ``result.json``) and, in
        French, of the spreadsheets' headers (see the module notes).
    delimiter : str
        CSV delimiter (``";"`` suits French spreadsheet software).
    inputs : mapping, optional
        The input files, for example ``{"students": fingerprint(path), ...}``,
        recorded in ``result.json`` (``mentormatch explain`` re-reads them).
    summary : MatchSummary, optional
        :func:`~mentormatch.result.summary.summarize` of ``result`` when the
        caller has it already (computed here otherwise).
    report : str, optional
        The HTML report (:func:`mentormatch.report.render_report`), written
        as ``report.html``; no report file without it.
    xlsx : bool, optional
        Write ``pairs.xlsx`` (default: when ``openpyxl`` is installed).
    changes : sequence of mapping, optional
        Change records, written as ``changes.csv`` (and a sheet) when any.

    Returns
    -------
    list of Path
        The files written (final paths): :data:`OUTPUT_FILES` order, then
        ``pairs.xlsx`` and ``changes.csv`` when written.
    """
    from mentormatch.io.writers import atomic_write_text, staged_output
    from mentormatch.result.export import to_dict
    from mentormatch.result.summary import summarize

    out = Path(outdir)
    if summary is None:
        summary = summarize(result)
    doc = to_dict(result, lang=lang, include_summary=False)
    doc["inputs"] = dict(inputs or {})
    doc["lang"] = lang
    names = [n for n in OUTPUT_FILES if report is not None or n != REPORT_FILE]
    if changes is None and result.changes:  # pairs in force: what changed (result/changes.py)
        from mentormatch.result.changes import change_rows

        changes = change_rows(result.changes, lang)[0]
    with staged_output(out, owned=OWNED_FILES) as stage:
        tables = write_tables(result, stage, lang=lang, delimiter=delimiter, xlsx=xlsx,
                              changes=changes, alternates=alternates)
        names += [p.name for p in tables if p.name not in names]
        atomic_write_text(stage / SUMMARY_FILE,
                          json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
        if report is not None:
            atomic_write_text(stage / REPORT_FILE, report)
        atomic_write_text(stage / RESULT_FILE, json.dumps(
            doc, indent=1, ensure_ascii=False, allow_nan=False) + "\n")
    return [out / n for n in names]
