"""Logs carry counts and times only, and result.json records no folder (docs/privacy.md)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

import mentormatch as mm
from mentormatch.result.bundle import fingerprint, write_bundle


def test_logs_carry_no_personal_data(caplog: pytest.LogCaptureFixture) -> None:
    problem = mm.synth.generate(300, seed=4)
    with caplog.at_level(logging.DEBUG, logger="mentormatch"):
        mm.match(problem)
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert caplog.records, "the solve logs its rounds at DEBUG level"
    people = [*problem.students, *problem.mentors]
    words = {p.id for p in people}
    words |= {p.location.commune for p in people if p.location and p.location.commune}
    words |= {p.location.territory for p in people if p.location and p.location.territory}
    assert not [w for w in words if w and w in text]


def test_result_json_records_file_names_not_folders(tmp_path: Path) -> None:
    home = tmp_path / "home" / "camille.martin"
    home.mkdir(parents=True)
    src = home / "eleves.csv"
    src.write_text("id\n", encoding="utf-8")
    result = mm.match(mm.synth.generate(50, seed=1))
    write_bundle(result, tmp_path / "out", inputs={"students": fingerprint(src)})
    text = (tmp_path / "out" / "result.json").read_text(encoding="utf-8")
    assert "camille.martin" not in text
    assert json.loads(text)["inputs"]["students"]["name"] == "eleves.csv"
