"""Issue 18 on the command line: ``mentormatch match --equipment stock.csv``, and the stock file."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import mentormatch as mm
from mentormatch.cli.main import main
from mentormatch.i18n import fmt_int, t
from mentormatch.io.equipment import read_equipment, with_equipment
from mentormatch.result.bundle import _header


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("eqdata")
    assert main(["synth", "--students", "120", "--seed", "4", "--out", str(d), "-q"]) == 0
    return d


def test_match_with_equipment_writes_loans(data: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    stock = tmp_path / "stock.csv"
    stock.write_text("Portée;Tablettes;Clés 4G\n*;3;2\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["match", str(data / "students.csv"), str(data / "mentors.csv"), "-o", str(out),
                 "--equipment", str(stock), "--verify-marginals", "1", "-q", "--lang", "fr"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "Équipement" in printed
    assert "equipment.csv" in printed
    # French spreadsheets: BOM, ';', headers in French (result.bundle._header)
    def h(column: str) -> str:
        return _header(column, "fr")

    with (out / "equipment.csv").open(encoding="utf-8-sig") as f:
        loans = list(csv.DictReader(f, delimiter=";"))
    assert loans
    assert {r[h("scope")] for r in loans} == {"*"}
    assert sum(r[h("item")] == "device" for r in loans) <= 3
    assert sum(r[h("item")] == "connection" for r in loans) <= 2
    with (out / "pairs.csv").open(encoding="utf-8-sig") as f:
        lent = {r[h("student_id")]: r[h("lent")] for r in csv.DictReader(f, delimiter=";")
                if r[h("lent")]}
    assert set(lent) == {r[h("student_id")] for r in loans}
    doc = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert doc["equipment"]["gap"] == 0
    assert len(doc["equipment"]["marginals"]) == 1
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "Équipement prêté" in report
    # the bound's kind and the objective in French words and French digit groups
    kind = doc["equipment"]["bound_kind"]
    assert t(f"equipment.kind_{kind}", "fr") in report
    assert f"({kind})" not in report
    assert f"objectif {fmt_int(doc['equipment']['objective'], 'fr')}," in report
    back = mm.read_result(out)
    assert {p.student_id for p in back.pairs if p.lent} == set(lent)


def test_stock_file_french_headers_and_json(tmp_path: Path) -> None:
    f = tmp_path / "s.csv"
    f.write_text("PÉRIMÈTRE,ordinateurs,connexions\nAFEV,3,\n*,,4\n", encoding="utf-8")
    assert read_equipment(f) == [mm.EquipmentStock("AFEV", devices=3),
                                 mm.EquipmentStock("*", connections=4)]
    j = tmp_path / "s.json"
    j.write_text(json.dumps({"equipment": [{"scope": "X", "tablettes": 2}]}), encoding="utf-8")
    assert read_equipment(j) == [mm.EquipmentStock("X", devices=2)]


def test_stock_file_errors_name_rows_and_columns(tmp_path: Path) -> None:
    f = tmp_path / "s.csv"
    f.write_text("scope,devices\nA,-1\nB,deux\n", encoding="utf-8")
    with pytest.raises(mm.InputError) as exc:
        read_equipment(f)
    got = {(p.code, p.row, p.field) for p in exc.value.problems}
    assert got == {("out_of_range", 2, "devices"), ("wrong_type", 3, "devices")}
    g = tmp_path / "t.csv"
    g.write_text("devices,couleur\n1,rouge\n", encoding="utf-8")
    with pytest.raises(mm.InputError) as exc:
        read_equipment(g)
    assert {p.code for p in exc.value.problems} == {"missing_column", "unknown_column"}
    h = tmp_path / "h.csv"
    h.write_text("scope,tablettes,appareils\nA,1,2\n", encoding="utf-8")
    with pytest.raises(mm.InputError) as exc:
        read_equipment(h)
    assert [p.code for p in exc.value.problems] == ["duplicate_column"]


def test_stock_scopes_checked_against_the_pupils(tmp_path: Path) -> None:
    s = mm.Student(id="E0", level="5e", needs=["maths"], availability="mer 14-16",
                   association="AFEV")
    m = mm.Mentor(id="M0", subjects=["maths"], availability="mer 14-16")
    problem = mm.Problem(students=[s], mentors=[m])
    f = tmp_path / "s.csv"
    f.write_text("scope,devices\nAFEV,1\nAFEW,2\n", encoding="utf-8")
    with pytest.raises(mm.InputError) as exc:
        with_equipment(problem, f)
    (p,) = exc.value.problems
    assert (p.code, p.row, p.source) == ("unknown_scope", 3, "s.csv")
    assert "AFEV" in p.message
