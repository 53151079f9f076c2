"""Issue 16: columns that are not matching fields are kept in ``extra``; French headers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import mentormatch as mm
from mentormatch import InputError, read_mentors, read_students
from mentormatch.io.columns import FRENCH_HEADERS, close_column, columns_of
from mentormatch.io.csv_format import column_index, header_key

S_HEAD = "id,level,needs,availability"
ROW = "X,6e,maths,lun 17-19"


def _csv(tmp_path: Path, text: str, name: str = "s.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_columns_are_kept_as_text(tmp_path: Path) -> None:
    path = _csv(tmp_path, f"{S_HEAD},Nom,Téléphone,Remarques\n{ROW},Dupont,06 12 34 56 78,\n"
                          "Y,5e,maths,lun 17-19,Durand,'=06,ok\n")
    x, y = read_students(path)
    assert x.extra == {"Nom": "Dupont", "Téléphone": "06 12 34 56 78", "Remarques": ""}
    assert list(y.extra) == ["Nom", "Téléphone", "Remarques"]
    assert y.extra["Téléphone"] == "=06"  # the writers' formula neutralisation undone


def test_strict_makes_them_errors(tmp_path: Path) -> None:
    path = _csv(tmp_path, f"{S_HEAD},Nom\n{ROW},Dupont\n")
    with pytest.raises(InputError) as info:
        read_students(path, strict=True)
    (problem,) = info.value.problems
    assert (problem.code, problem.field, problem.row) == ("unknown_column", "Nom", 1)
    assert "did you mean" not in problem.message  # no more 'Nom' → 'minor'


def test_json_unknown_keys_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text(json.dumps([{"id": "M", "subjects": ["maths"], "availability": "lun 17-19",
                                 "Nom": "Petit", "age": 41, "benevole_actif": True,
                                 "extra": {"Email": "a@example.org"}}]), encoding="utf-8")
    (m,) = read_mentors(path)
    assert m.extra == {"Email": "a@example.org", "Nom": "Petit", "age": "41",
                       "benevole_actif": "oui"}
    with pytest.raises(InputError) as info:
        read_mentors(path, strict=True)
    assert {(p.code, p.field, p.value) for p in info.value.problems} == {
        ("unknown_field", "Nom", None), ("unknown_field", "age", None),
        ("unknown_field", "benevole_actif", None)}


def test_dataframe_and_xlsx_keep_them(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    openpyxl = pytest.importorskip("openpyxl")
    df = pd.DataFrame({"Identifiant": ["A"], "Niveau": ["CM2"], "Besoins": ["Français"],
                       "Disponibilités": ["mercredi 14h-16h"], "Prénom": ["Inès"]})
    (s,) = mm.io.students_from_dataframe(df)
    assert s.extra == {"Prénom": "Inès"}
    assert s.level == "CM2"
    with pytest.raises(InputError):
        mm.io.students_from_dataframe(df, strict=True)
    book = openpyxl.Workbook()
    book.active.append(list(df.columns))
    book.active.append(list(df.iloc[0]))
    book.save(tmp_path / "s.xlsx")
    assert read_students(tmp_path / "s.xlsx")[0].extra == {"Prénom": "Inès"}


def test_kept_values_never_in_messages_or_repr(tmp_path: Path) -> None:
    s = mm.Student(id="A", level="6e", needs=["maths"], availability="lun 17-19",
                   extra={"Téléphone": "06 99 99 99 99"})
    assert "06 99" not in repr(s)
    assert "06 99" not in str(s)
    with pytest.raises(InputError) as info:
        mm.Student(id="A", level="6e", needs=["maths"], availability="lun 17-19",
                   extra={"Téléphone": ["06 99 99 99 99"]})
    assert "06 99" not in str(info.value)
    assert info.value.problems[0].value is None
    # a cell beyond the header or without a header is not quoted either
    path = _csv(tmp_path, f"{S_HEAD},\n{ROW},06 99 99 99 99\nY,5e,maths,lun 17-19,,06 88\n")
    with pytest.raises(InputError) as info:
        read_students(path)
    assert "06 99" not in str(info.value)
    assert "06 88" not in str(info.value)
    assert {p.code for p in info.value.problems} == {"unknown_column", "extra_cells"}


def test_empty_extra_leaves_dumps_unchanged() -> None:
    s = mm.Student(id="A", level="6e", needs=["maths"], availability="lun 17-19")
    assert "extra" not in s.model_dump()
    assert s.extra == {}
    kept = s.model_copy(update={"extra": {"Nom": "X"}})
    assert kept.model_dump()["extra"] == {"Nom": "X"}


@pytest.mark.parametrize("kind", ["students", "mentors"])
def test_every_column_has_its_french_header(kind: str) -> None:
    columns = columns_of(kind)
    index = column_index(columns)
    assert set(FRENCH_HEADERS[kind]) == {c.name for c in columns}
    for col in columns:
        french = FRENCH_HEADERS[kind][col.name]
        for variant in (french, french.upper(), french.lower().replace(" ", "_"),
                        french.replace("é", "e").replace("É", "E"), f" {french} "):
            assert index.get(header_key(variant)) is col, (variant, col.name)


def test_french_headers_named_in_the_issue(tmp_path: Path) -> None:
    path = _csv(tmp_path, "IDENTIFIANT;niveau;Matières;disponibilites;Latitude;Longitude;Commune;"
                          "Modalité;A_un_ordinateur;A une connexion;Priorités\n"
                          'E1;CM1;Maths;"lundi 17h-19h";48,91;2,55;Clichy-sous-Bois;'
                          "présentiel;non;Oui;QPV\n")
    (s,) = read_students(path)
    assert (s.level, s.needs, s.modality, s.has_device, s.has_connection,
            s.priority_tags) == ("CM1", ("maths",), "in_person", False, True, ("qpv",))
    assert s.location is not None
    assert s.location.latitude == 48.91
    assert s.extra == {}
    path = _csv(tmp_path, "Identifiant;Matières;Disponibilités;Rayon (km);Honorabilité;"
                          "Capacité;Association;Modalité\n"
                          'B1;"Maths:3e, Anglais:Tle";mercredi 14h-16h;7,5;oui;2;AFEV;'
                          "les deux\n", "m.csv")
    (m,) = read_mentors(path)
    assert (m.max_travel_km, m.has_clearance, m.capacity, m.association, m.modality) == (
        7.5, True, 2, "AFEV", "either")
    assert [o.max_level for o in m.subjects] == ["3e", "Tle"]


@pytest.mark.parametrize(("name", "kind", "field"), [
    ("Disponibilté", "students", "availability"), ("Disponibilitées", "mentors", "availability"),
    ("Nivau", "students", "level"), ("Besions", "students", "needs"),
    ("Capacitée", "mentors", "capacity"), ("Honorabilté", "mentors", "has_clearance"),
    ("Assocation", "students", "association"), ("availabilty", "students", "availability"),
])
def test_typos_of_real_fields_are_close(name: str, kind: str, field: str) -> None:
    found = close_column(name, kind)
    assert found is not None
    assert found.column == field


@pytest.mark.parametrize("name", [
    "Nom", "Prénom", "Téléphone", "Tél", "Email", "E-mail", "Courriel", "Adresse", "Code postal",
    "Remarques", "Commentaires", "Notes", "Date de naissance", "Établissement", "Age",
    "Nom du parent", "Portable", "Mobile", "Nationalité", "Profession", "Id interne",
    "Date d'entrée", "Commune de naissance", "Référent",
])
@pytest.mark.parametrize("kind", ["students", "mentors"])
def test_contact_columns_are_not_close_to_anything(name: str, kind: str) -> None:
    assert close_column(name, kind) is None


def test_validate_warns_about_a_close_name(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from mentormatch.cli.main import main

    path = _csv(tmp_path, "id,level,needs,availability,Disponibilté,Nom\n"
                          "X,6e,maths,lun 17-19,mer 14-16,Dupont\n")
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "columns kept as they are (not used for matching): Disponibilté, Nom" in out
    assert "warning:" in out
    assert "'Disponibilté'" in out
    assert "'availability'" in out
    assert out.count("warning") == 1


def test_json_long_kept_value_is_not_quoted(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps([{"id": "A", "level": "6e", "needs": ["maths"],
                                 "availability": "lun 17-19", "Remarques": "secret " * 3000}]),
                    encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_students(path)
    (problem,) = info.value.problems
    assert problem.code == "cell_too_long"
    assert problem.value is None
    assert "secret" not in str(info.value)


def test_dataframe_round_trip_keeps_extra() -> None:
    pytest.importorskip("pandas")
    s = mm.Student(id="A", level="6e", needs=["maths"], availability="lun 17-19",
                   extra={"Nom": "Dupont", "Email": "a@example.org"})
    df = mm.io.students_to_dataframe([s])
    assert list(df.columns)[-2:] == ["Nom", "Email"]
    assert mm.io.students_from_dataframe(df) == [s]


def test_csv_writers_round_trip_kept_columns(tmp_path: Path) -> None:
    from mentormatch.io import write_mentors_csv, write_students_csv

    s = mm.Student(id="A", level="6e", needs=["maths"], availability="lun 17-19",
                   extra={"Nom": "Dupont", "Remarques": "=1+1"})
    t = mm.Student(id="B", level="5e", needs=["maths"], availability="lun 17-19")
    write_students_csv(tmp_path / "s.csv", [s, t], delimiter=";")
    back = read_students(tmp_path / "s.csv")
    assert back[0] == s
    assert back[1].extra == {"Nom": "", "Remarques": ""}  # a kept column holds every row
    m = mm.Mentor(id="M", subjects=["maths"], availability="lun 17-19",
                  extra={"Téléphone": "06 00 00 00 00"})
    write_mentors_csv(tmp_path / "m.csv", [m])
    assert read_mentors(tmp_path / "m.csv") == [m]
