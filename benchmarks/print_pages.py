"""How many A4 pages the report of a 300-pupil match prints to (issue 16: at most 12).

Renders ``report.html`` of a synthetic 300-pupil match in English and in
French, prints each to PDF with headless Chromium and counts the pages of the
PDF (its ``/Type /Page`` objects)::

    PYTHONPATH=src python -m benchmarks.print_pages [--students 300] [--seed 1]
        [--out /tmp/print-pages] [--chromium chromium]

The HTML and PDF files stay in ``--out`` to be looked at. Not a CI test: it
needs a Chromium.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["count_pages", "main", "print_to_pdf"]


def count_pages(pdf: bytes) -> int:
    """The number of pages of a PDF: its page objects (``/Type /Page``, not ``/Pages``)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def print_to_pdf(html: Path, pdf: Path, chromium: str = "chromium") -> None:
    """Print ``html`` to ``pdf`` with headless Chromium (A4 from the page's ``@page`` rule)."""
    profile = tempfile.mkdtemp(prefix="chr-print-pages-")
    try:
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             f"--user-data-dir={profile}", "--no-pdf-header-footer",
             f"--print-to-pdf={pdf}", html.resolve().as_uri()],
            check=True, capture_output=True, timeout=300)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Render, print and count; print one line per language."""
    import mentormatch as mm
    from mentormatch.report import render_report

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "print-pages")
    parser.add_argument("--chromium", default="chromium")
    args = parser.parse_args(argv)
    if shutil.which(args.chromium) is None:
        print(f"{args.chromium} not found", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    result = mm.match(mm.synth.generate(args.students, seed=args.seed))
    print(f"{args.students} pupils (seed {args.seed}): {len(result.pairs)} pairs, "
          f"{len(result.unmatched)} unmatched")
    worst = 0
    for lang in ("en", "fr"):
        html = args.out / f"report-{lang}.html"
        pdf = args.out / f"report-{lang}.pdf"
        html.write_text(render_report(result, lang=lang), encoding="utf-8")
        print_to_pdf(html, pdf, args.chromium)
        pages = count_pages(pdf.read_bytes())
        worst = max(worst, pages)
        print(f"{lang}: {pages} A4 pages ({pdf})")
    return 0 if worst <= 12 else 1


if __name__ == "__main__":
    sys.exit(main())
