"""A match as a pandas DataFrame with proper dtypes (extra ``pandas``).

One row per pupil (index ``student_id``), the columns of
:func:`~mentormatch.result.export.to_records`, typed for analysis:

=============================================== ==========================================
columns                                         dtype
=============================================== ==========================================
``matched``                                     ``boolean``
``mentor_id``, ``reasons``                      ``string``
``subject``, ``modality``, ``level``,           ``category`` (``day`` and ``level`` ordered:
``territory``, ``day``                          Monday first, CP to post-bac)
``weekday``, ``cost_int``, ``weight``           ``Int64`` (nullable: missing for the unmatched)
``start``, ``end``                              :class:`datetime.time` (``object``)
``distance_km``, ``cost``, ``cost_<criterion>`` ``Float64``
``priority_tags``, ``reason_codes``             a Python ``list`` per row (``tags="list"``)
=============================================== ==========================================

**Priority tags.** By default each row holds the list of the pupil's tags
(``df[df.priority_tags.map(lambda t: "qpv" in t)]``); ``tags="columns"``
gives instead one ``boolean`` column per tag, ``tag_<name>`` (handy for
``groupby``); ``tags="text"`` keeps the ``|``-separated text of the CSV files.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from mentormatch.domain.availability import DAY_NAMES_FR
from mentormatch.domain.levels import LEVELS

if TYPE_CHECKING:
    from mentormatch.result.model import MatchResult

__all__ = ["TagLayout", "result_dataframe"]

#: How ``priority_tags`` appear in the DataFrame (see the module documentation).
TagLayout = Literal["list", "columns", "text"]


def _time(text: Any) -> dt.time | None:
    if not isinstance(text, str):
        return None
    h, m = text.split(":")
    return dt.time(23, 59, 59) if int(h) == 24 else dt.time(int(h), int(m))


def result_dataframe(result: MatchResult, *, lang: str = "en",
                     tags: TagLayout = "list") -> Any:
    """The match as a typed DataFrame (see the module documentation).

    Parameters
    ----------
    result : MatchResult
    lang : {"en", "fr"}
        Language of ``reasons``.
    tags : {"list", "columns", "text"}
        How ``priority_tags`` (and ``reason_codes``) appear.

    Raises
    ------
    MissingExtraError
        When pandas is not installed (``pip install 'mentormatch[pandas]'``).
    """
    from mentormatch._extras import require  # looked up at call time (tests patch it)
    from mentormatch.result.export import to_records

    pd = require("pandas")

    records = to_records(result, lang=lang)
    columns = list(records[0]) if records else ["student_id", "matched"]
    df = pd.DataFrame.from_records(records, columns=columns).set_index("student_id")
    types: dict[str, Any] = {"matched": "boolean", "mentor_id": "string", "reasons": "string"}
    for col in ("weekday", "cost_int", "weight"):
        types[col] = "Int64"
    for col in df.columns:
        if col in ("distance_km", "cost") or (col.startswith("cost_") and col != "cost_int"):
            types[col] = "Float64"
    for col in ("subject", "modality", "territory"):
        types[col] = "category"
    types["day"] = pd.CategoricalDtype(list(DAY_NAMES_FR), ordered=True)
    types["level"] = pd.CategoricalDtype(list(LEVELS), ordered=True)
    df = df.astype({k: v for k, v in types.items() if k in df.columns})
    for col in ("start", "end"):
        if col in df.columns:
            df[col] = df[col].map(_time).astype(object)
    for col in ("priority_tags", "reason_codes"):
        if col not in df.columns or tags == "text":
            continue
        lists = df[col].map(lambda v: v.split("|") if isinstance(v, str) and v else [])
        if tags == "columns" and col == "priority_tags":
            names = sorted({t for row in lists for t in row})
            for name in names:
                df[f"tag_{name}"] = lists.map(lambda row, n=name: n in row).astype("boolean")
            df = df.drop(columns=[col])
        else:
            df[col] = lists
    return df
