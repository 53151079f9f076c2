"""The output bundle of a match: the files ``mentormatch match`` writes, all or none.

:func:`write_bundle` writes into one folder:

* ``pairs.csv``, ``unmatched.csv``, ``mentors.csv`` — :func:`~mentormatch.result.export.to_csv`;
* ``summary.json`` — :func:`~mentormatch.result.summary.summarize`;
* ``report.html`` — the coordinator's report, when one is given (it is
  rendered by :mod:`mentormatch.report`, a layer above this package, and
  passed in as text);
* ``result.json`` — :func:`~mentormatch.result.export.to_dict` plus the input
  files used (:func:`fingerprint`) and the language; read back by
  :func:`~mentormatch.result.read.read_result`.

The files are written in a staging folder and published together
(:func:`mentormatch.io.writers.staged_output`): a failure leaves the folder as
it was.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from mentormatch.result.read import RESULT_FILE

if TYPE_CHECKING:
    from mentormatch.result.document import InputFile
    from mentormatch.result.model import MatchResult
    from mentormatch.result.summary import MatchSummary

__all__ = ["CSV_FILES", "OUTPUT_FILES", "REPORT_FILE", "SUMMARY_FILE", "fingerprint",
           "write_bundle"]

#: The spreadsheet files of the bundle.
CSV_FILES: tuple[str, ...] = ("pairs.csv", "unmatched.csv", "mentors.csv")
#: The summary file of the bundle.
SUMMARY_FILE = "summary.json"
#: The report file of the bundle (written when a report is given).
REPORT_FILE = "report.html"
#: Every file of a complete bundle, in the order written (what ``mentormatch match`` writes).
OUTPUT_FILES: tuple[str, ...] = (*CSV_FILES, SUMMARY_FILE, REPORT_FILE, RESULT_FILE)


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


def write_bundle(result: MatchResult, outdir: str | Path, *, lang: str = "en",
                 delimiter: str = ",", inputs: Mapping[str, InputFile | None] | None = None,
                 summary: MatchSummary | None = None, report: str | None = None
                 ) -> list[Path]:
    """Write the output files of a match into ``outdir``, all together or not at all.

    Parameters
    ----------
    result : MatchResult
        The match.
    outdir : str or Path
        Output folder (created if missing). Files of the bundle already there
        are replaced; other files are left alone.
    lang : {"en", "fr"}
        Language of the reasons in words (CSV and ``result.json``).
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

    Returns
    -------
    list of Path
        The files written (final paths), in :data:`OUTPUT_FILES` order.
    """
    from mentormatch.io.writers import atomic_write_text, staged_output
    from mentormatch.result.export import to_csv, to_dict
    from mentormatch.result.summary import summarize

    out = Path(outdir)
    if summary is None:
        summary = summarize(result)
    doc = to_dict(result, lang=lang, include_summary=False)
    doc["inputs"] = dict(inputs or {})
    doc["lang"] = lang
    names = [n for n in OUTPUT_FILES if report is not None or n != REPORT_FILE]
    if result.equipment is not None:  # issue 18
        names.insert(len(CSV_FILES), "equipment.csv")
    with staged_output(out) as stage:
        to_csv(result, stage, lang=lang, delimiter=delimiter)
        atomic_write_text(stage / SUMMARY_FILE,
                          json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
        if report is not None:
            atomic_write_text(stage / REPORT_FILE, report)
        atomic_write_text(stage / RESULT_FILE, json.dumps(
            doc, indent=1, ensure_ascii=False, allow_nan=False) + "\n")
    return [out / n for n in names]
