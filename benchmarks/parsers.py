"""``python -m benchmarks.parsers``: the readers are linear in the length of their input.

For texts of growing length, prints the time to parse or refuse:

* an availability cell ``"lun" + n spaces + "x"`` (the hostile case of issue 14),
  next to the regex the parser used before (``^([^\\d]+?)\\s+(?=\\d)(.*)$``,
  quadratic), measured in the same run as the peer;
* a CSV file of ``n`` students (every row valid) and one of ``n`` junk rows;
* a JSON file of ``n`` students.

Time per unit of length should stay flat as the length grows.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
import tempfile
import time
from pathlib import Path

from pydantic_core import PydanticCustomError

from mentormatch import InputError, read_students
from mentormatch.domain.availability import parse_availability

_OLD_DAYS_RE = re.compile(r"^([^\d]+?)\s+(?=\d)(.*)$")


def _time(fn, *args) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    with contextlib.suppress(InputError, PydanticCustomError):
        fn(*args)
    return time.perf_counter() - t0


def main() -> int:
    """Print the tables."""
    print("## Availability cell 'lun' + n spaces + 'x'\n")
    print("| n | parse_availability (s) | µs per 1,000 chars | old regex (s) |")
    print("|---:|---:|---:|---:|")
    for n in (1_000, 4_000, 16_000, 64_000):
        text = "lun" + " " * n + "x"
        t = _time(parse_availability, text)
        old = _time(_OLD_DAYS_RE.match, text) if n <= 16_000 else float("nan")
        print(f"| {n:,} | {t:.4f} | {t / n * 1e9:.1f} | {old:.3f} |")
    with tempfile.TemporaryDirectory() as tmp:
        print("\n## Files of n rows\n")
        print("| n | valid CSV (s) | µs/row | junk CSV (s) | µs/row | valid JSON (s) | µs/row |")
        print("|---:|---:|---:|---:|---:|---:|---:|")
        for n in (1_000, 4_000, 16_000):
            good = Path(tmp) / f"g{n}.csv"
            good.write_text("id,level,needs,availability\n" + "".join(
                f"E{i},6e,maths,lun 17-19\n" for i in range(n)), encoding="utf-8")
            junk = Path(tmp) / f"j{n}.csv"
            junk.write_text("id,level,needs,availability\n" + "".join(
                f"J{i},zz,??,??\n" for i in range(n)), encoding="utf-8")
            js = Path(tmp) / f"g{n}.json"
            js.write_text(json.dumps([{"id": f"E{i}", "level": "6e", "needs": ["maths"],
                                       "availability": "lun 17-19"} for i in range(n)]),
                          encoding="utf-8")
            tg, tj, tjs = (_time(read_students, p) for p in (good, junk, js))
            print(f"| {n:,} | {tg:.3f} | {tg / n * 1e6:.0f} | {tj:.3f} | {tj / n * 1e6:.0f} "
                  f"| {tjs:.3f} | {tjs / n * 1e6:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
