"""read_result: what export.to_dict / the output bundle write comes back as the same MatchResult."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mentormatch as mm
from example_result import make_result
from mentormatch.errors import InputError
from mentormatch.result.document import (
    READABLE_VERSIONS,
    RESULT_FORMAT,
    SCHEMA_VERSION,
    CertificateDict,
    certificate_dict,
)
from mentormatch.result.export import to_dict, to_json
from mentormatch.result.model import (
    Certificate,
    MatchResult,
    MentorLoad,
    Pair,
    Reason,
    Session,
    Unmatched,
)
from mentormatch.result.read import read_document, read_result, result_from_document
from strategies import problems


def _without_problem(result: MatchResult) -> MatchResult:
    return dataclasses.replace(result, problem=None)


def _round_trip(result: MatchResult, tmp: Path) -> MatchResult:
    to_json(result, tmp / "result.json")
    return read_result(tmp / "result.json")


def test_round_trip_of_the_example(tmp_path: Path) -> None:
    original = make_result()
    back = _round_trip(original, tmp_path)
    assert back == _without_problem(original)
    assert back.problem is None
    # Field by field, so a failure says which one drifted.
    for f in dataclasses.fields(MatchResult):
        if f.compare and f.name != "problem":
            assert getattr(back, f.name) == getattr(original, f.name), f.name
    assert back.pair_of("s2") == original.pair_of("s2")


def test_folder_or_file_and_problem_attached(tmp_path: Path) -> None:
    original = make_result()
    to_json(original, tmp_path / "result.json")
    assert read_result(tmp_path) == read_result(str(tmp_path / "result.json"))
    with_problem = read_result(tmp_path, problem=original.problem)
    assert with_problem == original
    assert with_problem.summary() == original.summary()


def test_exported_at_the_top_level(tmp_path: Path) -> None:
    to_json(make_result(), tmp_path / "result.json")
    assert mm.read_result is read_result
    assert "read_result" in mm.__all__
    assert mm.read_result(tmp_path).n_students == 6


def test_document_carries_its_versions() -> None:
    doc = to_dict(make_result())
    assert doc["format"] == RESULT_FORMAT == f"mentormatch.result/{SCHEMA_VERSION}"
    assert doc["schema_version"] == SCHEMA_VERSION in READABLE_VERSIONS
    assert doc["mentormatch_version"] == mm.__version__


def test_certificate_dict_has_every_field_in_order() -> None:
    cert = make_result().certificate
    names = [f.name for f in dataclasses.fields(Certificate)]
    assert list(certificate_dict(cert)) == names == list(CertificateDict.__annotations__)
    assert certificate_dict(cert) == dataclasses.asdict(cert)


def test_version_1_files_are_still_read(tmp_path: Path) -> None:
    """A file written before schema_version existed: rounded numbers, format /1."""
    doc: dict[str, Any] = json.loads(to_json(make_result()))
    doc["format"] = "mentormatch.result/1"
    del doc["schema_version"], doc["mentormatch_version"]
    (tmp_path / "result.json").write_text(json.dumps(doc), encoding="utf-8")
    back = read_result(tmp_path)
    assert back == _without_problem(make_result())


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.update(format="something/else"), "not a mentormatch result"),
    (lambda d: d.update(schema_version=99, format="mentormatch.result/99"),
     "newer mentormatch"),
    (lambda d: d.pop("pairs"), "'pairs'"),
    (lambda d: d["pairs"][0].update(cost_int="many"), "malformed"),
])
def test_bad_documents_raise_input_error(tmp_path: Path, change: Any, message: str) -> None:
    doc = json.loads(to_json(make_result()))
    change(doc)
    (tmp_path / "result.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        read_result(tmp_path)
    assert info.value.problems[0].source == str(tmp_path / "result.json")


def test_not_json_and_missing_file(tmp_path: Path) -> None:
    (tmp_path / "result.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        read_document(tmp_path)
    with pytest.raises(FileNotFoundError):
        read_result(tmp_path / "elsewhere")


def test_pair_of_is_an_index_outside_equality() -> None:
    r = make_result()
    assert r.pair_of("s3") is r.pairs[2]
    assert r.pair_of("s4") is None
    assert r == make_result()  # the index built by pair_of is not part of the value
    assert "_pair_index" not in repr(r)
    assert dataclasses.replace(r, timings={}).pair_of("s1") == r.pairs[0]


# --- properties ------------------------------------------------------------------------------

_floats = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
_ids = st.text("abcé-=+ 0123", min_size=1, max_size=5)


@st.composite
def results(draw: st.DrawFn) -> MatchResult:
    """Hand-built results with arbitrary finite floats, IDs and reason details."""
    sids = draw(st.lists(_ids, min_size=1, max_size=6, unique=True))
    mids = draw(st.lists(_ids, min_size=1, max_size=3, unique=True))
    k = draw(st.integers(0, len(sids)))
    pairs = tuple(
        Pair(sid, draw(st.sampled_from(mids)), draw(st.sampled_from(["maths", "SVT"])),
             Session(draw(st.integers(0, 6)), 60 * (h := draw(st.integers(8, 20))),
                     60 * (h + 1)),
             draw(st.sampled_from(["in_person", "remote"])),
             draw(st.none() | st.floats(0, 100, allow_nan=False)), draw(_floats),
             draw(st.dictionaries(st.sampled_from(["distance", "flexibility", "remote"]),
                                  _floats)),
             draw(st.integers(-(2**40), 2**40)))
        for sid in sorted(sids[:k])
    )
    details = st.fixed_dictionaries({"eliminated_by": st.dictionaries(
        st.sampled_from(["subject", "level", "distance"]), st.integers(0, 50))})
    unmatched = tuple(
        Unmatched(sid, tuple(Reason(draw(st.sampled_from(["no_candidate", "capacity_taken"])),
                                    draw(st.text(max_size=10)), draw(details))
                             for _ in range(draw(st.integers(0, 2)))),
                  draw(st.integers(0, 100)))
        for sid in sorted(sids[k:])
    )
    mentors = tuple(MentorLoad(m, draw(st.integers(0, 3)), draw(st.integers(1, 3)),
                               tuple(p.student_id for p in pairs if p.mentor_id == m),
                               draw(_floats)) for m in sorted(mids))
    cert = Certificate(draw(st.booleans()), "optimal", *draw(st.lists(
        st.integers(-(2**62), 2**62), min_size=7, max_size=7)), backend="networkx")
    return MatchResult(pairs, unmatched, mentors, cert, None,
                       draw(st.dictionaries(st.sampled_from(["solve", "total"]),
                                            st.floats(0, 1e4))),
                       draw(st.integers(0, 10**6)), draw(st.integers(0, 10**6)))


@given(results())
def test_any_result_round_trips_exactly(result: MatchResult) -> None:
    doc = json.loads(json.dumps(to_dict(result, include_summary=False)))
    assert result_from_document(doc) == result


@given(problems(max_students=5, max_mentors=3))
def test_matches_of_small_problems_round_trip(problem: mm.Problem) -> None:
    result = mm.match(problem)
    doc = json.loads(json.dumps(to_dict(result), ensure_ascii=False, allow_nan=False))
    back = result_from_document(doc, problem=problem)
    assert back == result
    # The pairs in force come back exactly (what match(previous=...) will use).
    assert [(p.student_id, p.mentor_id, p.subject, p.session) for p in back.pairs] == \
        [(p.student_id, p.mentor_id, p.subject, p.session) for p in result.pairs]
    assert back.to_records() == result.to_records()
