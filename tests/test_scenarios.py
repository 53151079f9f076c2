"""compare() and sweep(): scenarios side by side (issue 19, item 2)."""

from __future__ import annotations

import pytest

import mentormatch as mm
from mentormatch.scenarios import kpis


def _no_radius(problem: mm.Problem, km: float) -> mm.Problem:
    """The same people, volunteers without their own radius, the policy's ``km`` instead."""
    mentors = [m.model_copy(update={"max_travel_km": None}) for m in problem.mentors]
    return mm.Problem(students=problem.students, mentors=mentors,
                      policy=mm.Policy(default_travel_km=km))


@pytest.fixture(scope="module")
def radii() -> tuple[mm.MatchResult, mm.MatchResult]:
    base = mm.synth.generate(300, seed=2)
    return mm.match(_no_radius(base, 2)), mm.match(_no_radius(base, 15))


def test_compare_counts_gains_losses_and_changes(
        radii: tuple[mm.MatchResult, mm.MatchResult]) -> None:
    a, b = radii
    cmp = mm.compare(a, b, labels=("2 km", "15 km"))
    ma = {p.student_id: p.mentor_id for p in a.pairs}
    mb = {p.student_id: p.mentor_id for p in b.pairs}
    assert set(cmp.kind("gained")) == set(mb) - set(ma)
    assert set(cmp.kind("lost")) == set(ma) - set(mb)
    assert set(cmp.kind("changed")) == {s for s in set(ma) & set(mb) if ma[s] != mb[s]}
    # a wider radius never matches less priority weight (its feasible set is larger)
    assert b.matched_weight >= a.matched_weight
    assert len(mb) - len(ma) == len(cmp.kind("gained")) - len(cmp.kind("lost"))
    assert "gained=" in repr(cmp)
    html = cmp._repr_html_()
    assert "2 km" in html
    assert len(html) < 20_000


def test_compare_with_itself_has_no_change(radii: tuple[mm.MatchResult, mm.MatchResult]) -> None:
    a, _ = radii
    cmp = mm.compare(a, a)
    assert cmp.changes == ()
    assert all(x == y for _, x, y in cmp.table())


def test_compare_to_dataframe(radii: tuple[mm.MatchResult, mm.MatchResult]) -> None:
    pytest.importorskip("pandas", reason="the pandas extra is not installed")
    a, b = radii
    df = mm.compare(a, b, labels=("2 km", "15 km")).to_dataframe()
    assert list(df.columns) == ["2 km", "15 km", "change"]
    assert df.loc["matched", "2 km"] == len(a.pairs)
    assert df.loc["matched", "change"] == len(b.pairs) - len(a.pairs)
    assert "share[tag=qpv]" in df.index


def test_compare_plot(radii: tuple[mm.MatchResult, mm.MatchResult]) -> None:
    pytest.importorskip("matplotlib", reason="the plot extra (matplotlib) is not installed")
    import matplotlib

    matplotlib.use("Agg")
    a, b = radii
    ax = mm.compare(a, b, labels=("2 km", "15 km")).plot()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["2 km", "15 km"]
    heights = [p.get_height() for p in ax.patches]
    assert heights[0] == pytest.approx(100 * len(a.pairs) / a.n_students)


def test_sweep_matches_each_policy_like_match() -> None:
    base = mm.synth.generate(120, seed=4)
    sw = mm.sweep(base, {"base_weight": [10, 30]}, workers=2)
    assert sw.labels == ("base_weight=10", "base_weight=30")
    for policy, result in zip(sw.policies, sw.results, strict=True):
        alone = mm.match(mm.Problem(students=base.students, mentors=base.mentors,
                                    policy=policy))
        assert result.to_records() == alone.to_records()
        assert result.problem is not None
    rows = sw.table()
    assert [r["matched"] for r in rows] == [len(r.pairs) for r in sw.results]
    assert sw.compare(0, 1).labels == sw.labels


def test_sweep_list_of_policies_in_process() -> None:
    base = mm.synth.generate(60, seed=1)
    sw = mm.sweep(base, [mm.Policy(), {"seed": 3}], workers=1)
    assert sw.labels[1] == "seed=3"
    assert kpis(sw.results[0])["pupils"] == 60
    with pytest.raises(mm.InputError):
        mm.sweep(base, [3])
