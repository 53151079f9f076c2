"""match(time_limit=...): the best result found so far, complete, with a proven bound (#14.9)."""

from __future__ import annotations

import pytest
from hypothesis import given

import mentormatch as mm
from mentormatch.cli.main import main
from strategies import problems


def _complete(problem: mm.Problem, result: mm.MatchResult) -> None:
    ids = sorted([p.student_id for p in result.pairs] + [u.student_id for u in result.unmatched])
    assert ids == sorted(s.id for s in problem.students)


def test_out_of_time_gives_a_feasible_result_and_a_true_bound() -> None:
    problem = mm.synth.generate(1500, seed=1)
    best = mm.match(problem)
    assert best.certificate.rounds > 1  # the limit must stop a loop that has more to do
    early = mm.match(problem, time_limit=1e-9)
    cert = early.certificate
    assert (cert.status, cert.optimal, cert.rounds) == ("time_limit", False, 1)
    assert cert.dual_bound <= best.certificate.objective <= cert.objective
    assert cert.gap == cert.objective - cert.dual_bound > 0
    _complete(problem, early)


def test_enough_time_changes_nothing() -> None:
    problem = mm.synth.generate(400, seed=2)
    assert mm.match(problem, time_limit=3600).to_records() == mm.match(problem).to_records()


@given(problems())
def test_any_stop_bounds_the_optimum(problem: mm.Problem) -> None:
    best = mm.match(problem)
    early = mm.match(problem, time_limit=1e-9)
    assert early.certificate.dual_bound <= best.certificate.objective <= early.certificate.objective
    assert early.certificate.optimal == (early.certificate.status == "optimal")
    _complete(problem, early)


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf"), True, "10"])
def test_a_time_limit_must_be_positive_seconds(bad: object) -> None:
    with pytest.raises(mm.InputError):
        mm.match(mm.synth.generate(20, seed=0), time_limit=bad)  # type: ignore[arg-type]


def test_cli_time_limit(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert main(["synth", "--students", "600", "--out", str(tmp_path / "in")]) == 0
    code = main(["match", str(tmp_path / "in" / "students.csv"),
                 str(tmp_path / "in" / "mentors.csv"), "-o", str(tmp_path / "out"),
                 "--time-limit", "0.000001", "-q"])
    assert code == 0
    untimed = mm.match(mm.io.read_problem(tmp_path / "in" / "students.csv",
                                          tmp_path / "in" / "mentors.csv"))
    assert untimed.certificate.rounds > 1  # so the limit has a round to cut
    cert = mm.read_result(tmp_path / "out").certificate
    assert (cert.status, cert.optimal, cert.rounds) == ("time_limit", False, 1)
    assert cert.dual_bound <= untimed.certificate.objective <= cert.objective
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "stopped by the time limit, not proven optimal" in report
    assert "stopped by its time limit" in report
