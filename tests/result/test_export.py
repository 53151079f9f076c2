"""Exports of a match: records, JSON, CSV (safe, atomic) and DataFrame."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from example_result import FORMULA_ID, make_result
from mentormatch.io.writers import neutralize_cell
from mentormatch.result import export
from mentormatch.result.export import (
    MENTOR_COLUMNS,
    PAIR_COLUMNS,
    RESULT_FORMAT,
    UNMATCHED_COLUMNS,
    jsonable,
    to_csv,
    to_dict,
    to_json,
    to_records,
)


def _read(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


def test_records_one_per_pupil_sorted() -> None:
    recs = to_records(make_result())
    ids = [r["student_id"] for r in recs]
    assert ids == sorted(ids)
    assert len(ids) == 6
    by_id = {r["student_id"]: r for r in recs}
    s1 = by_id["s1"]
    assert s1["matched"] is True
    assert s1["mentor_id"] == "m1"
    assert s1["subject"] == "maths"
    assert (s1["day"], s1["start"], s1["end"]) == ("lun", "17:00", "18:00")
    assert s1["cost_flexibility"] == 1.5
    assert s1["cost_remote"] == 0.0
    assert s1["priority_tags"] == "qpv"
    assert s1["weight"] == 13
    s4 = by_id["s4"]
    assert s4["matched"] is False
    assert s4["mentor_id"] is None
    assert s4["reason_codes"] == "no_candidate"
    assert "no common time: 1 volunteer" in s4["reasons"]
    # Every record has the same keys (a rectangular table).
    assert len({tuple(r) for r in recs}) == 1
    assert make_result().to_records() == recs


def test_records_in_french() -> None:
    recs = {r["student_id"]: r for r in to_records(make_result(), lang="fr")}
    assert recs["s5"]["reasons"].startswith("les bénévoles compatibles sont complets")


def test_to_dict_and_json(tmp_path: Path) -> None:
    r = make_result()
    d = to_dict(r)
    assert d["format"] == RESULT_FORMAT
    assert (d["students"], d["matched"], d["unmatched_count"]) == (6, 3, 3)
    assert d["certificate"]["optimal"] is True
    assert d["certificate"]["gap"] == 0
    assert [m["mentor_id"] for m in d["mentors"]] == ["-m4", "m1", "m2", "m3"]
    assert d["pairs"][0]["session"] == {"weekday": 0, "day": "lun", "start": "17:00",
                                        "end": "18:00", "start_minutes": 1020,
                                        "end_minutes": 1080}
    reason = next(u for u in d["unmatched"] if u["student_id"] == "s5")["reasons"][0]
    assert reason["code"] == "capacity_taken"
    assert reason["details"]["taken_by"] == {"m1": ["s1", "s2"]}
    assert "summary" in d
    path = tmp_path / "result.json"
    text = to_json(r, path)
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(text) == d
    assert r.to_json(indent=None).count("\n") == 0
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_jsonable_converts_numpy_tuples_sets_nan() -> None:
    value = {"a": np.int64(3), "b": (1, 2), "c": {"y", "x"}, "d": float("nan"),
             "e": np.array([1.5, 2.0]), 4: None}
    assert jsonable(value) == {"a": 3, "b": [1, 2], "c": ["x", "y"], "d": None,
                               "e": [1.5, 2.0], "4": None}


def test_csv_files_columns_and_content(tmp_path: Path) -> None:
    paths = to_csv(make_result(), tmp_path / "out")
    assert [p.name for p in paths] == ["pairs.csv", "unmatched.csv", "mentors.csv"]
    pairs = _read(paths[0])
    assert list(pairs[0])[: len(PAIR_COLUMNS)] == list(PAIR_COLUMNS)
    assert {"cost_distance", "cost_flexibility", "cost_remote"} <= set(pairs[0])
    assert [p["student_id"] for p in pairs] == ["s1", "s2", "s3"]
    assert pairs[1]["modality"] == "remote"
    assert pairs[1]["distance_km"] == ""
    unmatched = _read(paths[1])
    assert list(unmatched[0]) == list(UNMATCHED_COLUMNS)
    row = {u["student_id"]: u for u in unmatched}
    assert row["s4"]["eliminated_by"] == "subject=3|availability=1"
    assert row["s5"]["candidate_mentors"] == "m1"
    assert row["s5"]["reason_codes"] == "capacity_taken"
    assert row["s5"]["reasons"].startswith("suitable volunteers are full")
    mentors = _read(paths[2])
    assert list(mentors[0]) == list(MENTOR_COLUMNS)
    loads = {m["mentor_id"]: m for m in mentors}
    # Every volunteer, zero load included; "-m4" looks like a formula and is neutralised.
    assert set(loads) == {"'-m4", "m1", "m2", "m3"}
    assert loads["m3"]["load"] == "0"
    assert loads["m3"]["free_places"] == "3"
    assert loads["m1"]["students"] == "s1|s2"


def test_formula_looking_id_is_neutralised(tmp_path: Path) -> None:
    to_csv(make_result(), tmp_path)
    text = (tmp_path / "unmatched.csv").read_text(encoding="utf-8")
    assert neutralize_cell(FORMULA_ID).startswith("'=")
    for line in text.splitlines()[1:]:
        assert not line.startswith(("=", "+", "@")), line
    ids = [u["student_id"] for u in _read(tmp_path / "unmatched.csv")]
    assert "'" + FORMULA_ID in ids


def test_csv_french_semicolon(tmp_path: Path) -> None:
    to_csv(make_result(), tmp_path, lang="fr", delimiter=";")
    rows = _read(tmp_path / "unmatched.csv", ";")
    assert any("aucun bénévole" in r["reasons"] for r in rows)


def test_csv_failure_leaves_existing_files_intact(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pairs.csv").write_text("old", encoding="utf-8")
    import mentormatch.io.writers as writers

    def boom(*args: object, **kwargs: object) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr(writers, "render_csv", boom)
    with pytest.raises(RuntimeError):
        to_csv(make_result(), tmp_path)
    assert (tmp_path / "pairs.csv").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pairs.csv"]


def test_dataframe() -> None:
    pd = pytest.importorskip("pandas")
    df = make_result().to_dataframe()
    assert isinstance(df, pd.DataFrame)
    assert df.index.name == "student_id"
    assert len(df) == 6
    assert int(df["matched"].sum()) == 3
    assert df.loc["s2", "modality"] == "remote"


def test_dataframe_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import mentormatch._extras as extras
    from mentormatch.errors import MissingExtraError

    def missing(name: str) -> object:
        raise MissingExtraError(name, "pandas")

    monkeypatch.setattr(extras, "require", missing)
    with pytest.raises(MissingExtraError, match=r"mentormatch\[pandas\]"):
        export.to_dataframe(make_result())
