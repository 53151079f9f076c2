"""The JSON contract: versioned schemas, solve_request, problem details (issue 19, item 4)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

import mentormatch as mm
from mentormatch.service import (
    CONTRACT_VERSION,
    REQUEST_SCHEMA_ID,
    RESULT_SCHEMA_ID,
    request_schema,
    result_schema,
)
from schema_check import errors


@pytest.fixture(scope="module")
def request_() -> dict[str, Any]:
    p = mm.synth.generate(60, seed=7)
    return {"students": [s.model_dump(mode="json") for s in p.students],
            "mentors": [m.model_dump(mode="json") for m in p.mentors],
            "policy": {"default_travel_km": 8}}


def _descriptions(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["description"]] if isinstance(node.get("description"), str) else []
        return own + [d for v in node.values() for d in _descriptions(v)]
    if isinstance(node, list):
        return [d for v in node for d in _descriptions(v)]
    return []


@pytest.mark.parametrize(("make", "sid"), [(request_schema, REQUEST_SCHEMA_ID),
                                           (result_schema, RESULT_SCHEMA_ID)])
def test_schemas_are_versioned_and_written_for_integrators(make: Any, sid: str) -> None:
    schema = make()
    assert schema["$id"] == sid
    assert schema["version"] == CONTRACT_VERSION
    assert schema["$schema"].endswith("2020-12/schema")
    texts = _descriptions(schema)
    assert len(texts) > 20
    for text in texts:  # no numpydoc
        assert "----" not in text
        assert "``" not in text
        assert not re.search(r":(class|func|mod|data):`", text)
    json.dumps(schema)


def test_valid_request_passes_the_schema_and_solves(request_: dict[str, Any]) -> None:
    schema = request_schema()
    assert errors(schema, request_) == []
    out = mm.solve_request(request_)
    assert "status" not in out
    assert out["format"] == "mentormatch.result/2"
    assert out["mentormatch_version"] == mm.__version__
    assert out["policy"]["default_travel_km"] == 8
    assert re.fullmatch(r"[0-9a-f]{64}", out["problem_sha256"])
    assert errors(result_schema(), json.loads(json.dumps(out))) == []
    # the same pupils in the same request give the same document (but timings)
    again = mm.solve_request(json.loads(json.dumps(request_)))
    assert again["problem_sha256"] == out["problem_sha256"]
    assert again["pairs"] == out["pairs"]


def test_result_of_match_passes_the_result_schema() -> None:
    result = mm.match(mm.synth.generate(40, seed=2))
    doc = json.loads(result.to_json())
    assert errors(result_schema(), doc) == []


@pytest.mark.parametrize(("path", "value", "pointer"), [
    (("students", 0, "level"), "6ème!", "/students/0/level"),
    (("students", 1, "availability"), "le soir", "/students/1/availability"),
    (("mentors", 2, "availability"), "lun 17-25", "/mentors/2/availability"),
    (("students", 3, "needs"), ["cuisine"], "/students/3/needs/0"),
    (("students", 4, "priority_tags"), ["vip"], "/students/4/priority_tags"),
])
def test_invalid_request_schema_and_library_point_at_the_same_place(
        request_: dict[str, Any], path: tuple[Any, ...], value: Any, pointer: str) -> None:
    bad = json.loads(json.dumps(request_))
    node = bad
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    found = errors(request_schema(), bad)
    assert found
    assert all(f.startswith(pointer) for f in found)
    out = mm.solve_request(bad)
    assert out["status"] == 422
    assert out["type"].startswith("urn:mentormatch:problem:")
    assert [e["pointer"] for e in out["errors"]] == [pointer]
    json.dumps(out)


def test_every_problem_at_once(request_: dict[str, Any]) -> None:
    bad = json.loads(json.dumps(request_))
    bad["students"][0]["level"] = "zz"
    bad["mentors"][1]["availability"] = "le soir"
    bad["extra"] = 1
    out = mm.solve_request(bad)
    assert sorted(e["pointer"] for e in out["errors"]) == [
        "/extra", "/mentors/1/availability", "/students/0/level"]
    assert {e["code"] for e in out["errors"]} == {"unknown_field", "unknown_level",
                                                  "availability_syntax"}


@pytest.mark.parametrize("payload", [[], "x", {"students": []}, {"students": 1, "mentors": []},
                                     {"students": [], "mentors": [], "policy": 3}])
def test_malformed_requests_are_problem_details(payload: Any) -> None:
    out = mm.solve_request(payload)
    assert out["status"] == 422
    assert out["errors"]


def test_policy_errors_point_into_the_policy(request_: dict[str, Any]) -> None:
    bad = {**request_, "policy": {"default_travel_km": -1}}
    out = mm.solve_request(bad)
    assert [e["pointer"] for e in out["errors"]] == ["/policy/default_travel_km"]
    assert errors(request_schema(), bad) == ["/policy/default_travel_km"]
