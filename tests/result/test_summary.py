"""Summaries of a match: coverage, priority-weighted figures, utilisation, reasons."""

from __future__ import annotations

import json

import pytest

import mentormatch as mm
from example_result import make_result
from mentormatch.result.summary import NONE_KEY, coverage_table, summarize


@pytest.fixture(scope="module")
def summary() -> dict:
    return summarize(make_result())


def test_overall_counts_and_weights(summary: dict) -> None:
    st = summary["students"]
    assert (st["total"], st["matched"], st["unmatched"]) == (6, 3, 3)
    assert st["share"] == 0.5
    # s1 (qpv: 13), s2 (qpv+no_device: 15), s3 (10) matched; s4 (rep: 11), s5, odd (10) not.
    assert (st["weight_matched"], st["weight_total"]) == (38, 69)
    assert st["weighted_share"] == round(38 / 69, 4)


def test_priority_pupils_are_those_with_a_weighted_tag(summary: dict) -> None:
    pr = summary["priority_students"]
    assert (pr["total"], pr["matched"]) == (3, 2)


def test_coverage_by_territory_level_subject_tag(summary: dict) -> None:
    terr = summary["by_territory"]
    assert terr["QP093001"]["total"] == 3
    assert terr["QP093001"]["matched"] == 2
    assert terr[NONE_KEY] == {**terr[NONE_KEY], "total": 1, "matched": 0, "share": 0.0}
    assert sum(g["total"] for g in terr.values()) == 6
    # Levels come in school order.
    assert list(summary["by_level"]) == ["CM2", "6e", "5e", "4e", "3e", "Tle"]
    assert summary["by_subject"]["maths"]["total"] == 2
    tags = summary["by_priority_tag"]
    assert tags["qpv"]["matched"] == 2
    assert tags["rep"]["matched"] == 0
    assert tags[NONE_KEY]["total"] == 3  # s3, s5 and the odd ID have no tag


def test_mentor_utilisation(summary: dict) -> None:
    me = summary["mentors"]
    assert (me["total"], me["capacity"], me["load"]) == (4, 7, 3)
    assert (me["idle"], me["full"], me["used"]) == (2, 2, 2)
    assert me["load_distribution"] == {"0": 2, "1": 1, "2": 1}
    assert me["utilisation_distribution"] == {"0%": 2, "1-49%": 0, "50-99%": 0, "100%": 2}
    assert me["by_association"]["AFEV"] == {"mentors": 2, "capacity": 5, "load": 2, "idle": 1}
    assert me["idle_ids"] == ["-m4", "m3"]


def test_reasons(summary: dict) -> None:
    rs = summary["reasons"]
    assert rs["codes"] == {"no_candidate": 1, "capacity_taken": 1, "not_worth_cost": 1}
    assert rs["volunteers_eliminated_by_rule"] == {"subject": 3, "availability": 1}
    assert rs["no_candidate_last_rule"] == {"availability": 1}


def test_cost_and_certificate(summary: dict) -> None:
    assert summary["cost"]["total"] == pytest.approx(9.0)
    assert summary["cost"]["by_criterion"]["remote"] == 4.0
    assert summary["certificate"]["optimal"] is True
    assert summary["pairs_by_modality"] == {"in_person": 2, "remote": 1}


def test_json_friendly(summary: dict) -> None:
    assert json.loads(json.dumps(summary, allow_nan=False)) == summary


def test_unknown_grouping_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown grouping"):
        coverage_table(make_result(), "colour")


def test_method_on_result() -> None:
    r = make_result()
    assert r.summary() == summarize(r)


def test_summary_reconciles_with_a_real_match() -> None:
    problem = mm.synth.generate(80, seed=5)
    result = mm.match(problem)
    s = summarize(result)
    n = len(problem.students)
    assert s["students"]["total"] == n
    assert s["students"]["matched"] == len(result.pairs)
    assert s["students"]["weight_matched"] == result.matched_weight
    assert s["students"]["weight_total"] == result.total_weight
    for key in ("by_territory", "by_level", "by_subject"):
        assert sum(g["total"] for g in s[key].values()) == n
        assert sum(g["matched"] for g in s[key].values()) == len(result.pairs)
    assert s["mentors"]["load"] == len(result.pairs)
    assert s["mentors"]["total"] == len(problem.mentors)
    assert sum(s["reasons"]["main_code"].values()) == len(result.unmatched)
