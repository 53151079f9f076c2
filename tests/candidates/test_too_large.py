"""Problems whose full feasible graph cannot fit in memory are refused early and clearly.

The projection is made from the first pupils enumerated; blocks and the sample
are shrunk here so that a small problem has several blocks.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import mentormatch as mm
from mentormatch import _memory
from mentormatch.candidates import generate
from mentormatch.candidates.encode import Encoded, encode
from mentormatch.cli.main import main
from mentormatch.synth import generate as synth_generate

N = 400


@pytest.fixture(scope="module")
def problem() -> mm.Problem:
    return synth_generate(N, seed=3)


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch, problem: mm.Problem) -> Encoded:
    """Blocks of 50 pupils and a projection after 100: several checks on one problem."""
    enc = encode(problem)
    monkeypatch.setattr(generate, "BLOCK_CELLS", 50 * enc.n_m)
    monkeypatch.setattr(generate, "PROJECT_AFTER", 100)
    return enc


def _same(a: generate.FeasiblePairs, b: generate.FeasiblePairs) -> None:
    for name in ("si", "mi", "cost", "session_cost"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))


def test_refused_with_the_projection(small_blocks: Encoded) -> None:
    enc = small_blocks
    full = generate.feasible_pairs(enc, memory_budget=None)
    first = int(np.count_nonzero(full.si < 100))
    with pytest.raises(mm.ProblemTooLargeError) as info:
        generate.feasible_pairs(enc, memory_budget=first * 12)  # the first 100 pupils' pairs
    err = info.value
    assert isinstance(err, MemoryError)
    assert (err.n_students, err.sampled_students) == (N, 100)
    assert err.projected_pairs == first * N // 100
    assert err.needed_bytes == 10 * err.projected_pairs   # int32 pupil, volunteer; int16 cost
    assert err.available_bytes == first * 12
    message = str(err)
    for text in (f"{N:,} pupils", f"{err.projected_pairs:,}", "first 100 pupils",
                 "Policy.max_pair_cost"):
        assert text in message


def test_projection_is_close(small_blocks: Encoded) -> None:
    """The sampling the projection relies on: every block after the sample, extrapolated,
    is within 25 % of the true size (the canonical order is a hash order)."""
    enc = small_blocks
    full = generate.feasible_pairs(enc, memory_budget=None)
    counts = np.bincount(full.si, minlength=enc.n_s).cumsum()
    for hi in range(100, enc.n_s, 50):
        projected = int(counts[hi - 1]) * enc.n_s // hi
        assert abs(projected / len(full) - 1) < 0.25, hi


def test_room_enough_changes_nothing(small_blocks: Encoded) -> None:
    enc = small_blocks
    unchecked = generate.feasible_pairs(enc, memory_budget=None)
    _same(generate.feasible_pairs(enc, memory_budget=2 * 12 * len(unchecked)), unchecked)
    _same(generate.feasible_pairs(enc), unchecked)  # the machine's memory


def test_one_block_is_never_refused(problem: mm.Problem) -> None:
    """With the default blocks this problem is one block: nothing to project, nothing refused."""
    enc = encode(problem)
    _same(generate.feasible_pairs(enc, memory_budget=1),
          generate.feasible_pairs(enc, memory_budget=None))


def test_match_is_refused_before_solving(small_blocks: Encoded, problem: mm.Problem,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generate, "available_bytes", lambda: 1_000)
    with pytest.raises(mm.ProblemTooLargeError, match=r"more than the 0\.0 GB"):
        mm.match(problem)


def test_cli_exit_code(small_blocks: Encoded, problem: mm.Problem, tmp_path: Path,
                       monkeypatch: pytest.MonkeyPatch,
                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["synth", "--students", str(N), "--seed", "3", "--out", str(tmp_path),
                 "-q"]) == 0
    monkeypatch.setattr(generate, "available_bytes", lambda: 1_000)
    code = main(["match", str(tmp_path / "students.csv"), str(tmp_path / "mentors.csv"),
                 "-o", str(tmp_path / "out"), "-q"])
    assert code == 4
    err = capsys.readouterr().err
    assert "too large for this machine" in err
    assert "Policy.max_pair_cost" in err
    assert not (tmp_path / "out").exists()


def test_available_bytes_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    """The least of the known sources; ``None`` when none is known."""
    monkeypatch.setattr(_memory, "_read_kib", lambda path, field: 8 << 30)
    monkeypatch.setattr(_memory, "_cgroup_left", lambda: 3 << 30)
    monkeypatch.setattr(_memory, "_address_space_left", lambda: None)
    assert _memory.available_bytes() == 3 << 30
    monkeypatch.setattr(_memory, "_read_kib", lambda path, field: None)
    monkeypatch.setattr(_memory, "_cgroup_left", lambda: None)
    assert _memory.available_bytes() is None


def test_available_bytes_here() -> None:
    value = _memory.available_bytes()
    assert value is None or value > 0


def test_benchmark_reports_a_refusal(small_blocks: Encoded,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """``python -m benchmarks`` prints a refused size as a row, with the projection."""
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2]))  # the repository
    from benchmarks.jobs import run_job

    monkeypatch.setattr(generate, "available_bytes", lambda: 1_000)
    row = run_job({"job": "feasible", "n": N, "seed": 3})
    assert row["n"] == N
    assert row["error"].startswith("refused after ")
    assert "feasible pairs (from the first 100 pupils)" in row["error"]
    assert row["peak_mb"] > 0


def test_no_rlimits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the ``resource`` module (Windows) the rlimit is simply not a source."""
    monkeypatch.setattr(_memory, "resource", None)
    assert _memory._address_space_left() is None
    value = _memory.available_bytes()
    assert value is None or value > 0


def test_warns_when_only_the_solve_would_not_fit(small_blocks: Encoded,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    enc = small_blocks
    full = generate.feasible_pairs(enc, memory_budget=None)
    budget = 2 * 12 * len(full)   # the graph fits; graph + 41 kB a pupil does not
    with caplog.at_level("WARNING", logger="mentormatch.candidates.generate"):
        _same(generate.feasible_pairs(enc, memory_budget=budget), full)
    warnings = [r for r in caplog.records if "may run out of memory" in r.getMessage()]
    assert len(warnings) == 1  # once, not at every block
    assert f"({N:,} pupils)" in warnings[0].getMessage()
    caplog.clear()
    with caplog.at_level("WARNING", logger="mentormatch.candidates.generate"):
        generate.feasible_pairs(enc, memory_budget=budget + N * generate.SOLVE_BYTES_PER_PUPIL)
    assert not caplog.records
