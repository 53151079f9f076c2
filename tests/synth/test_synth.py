"""Tests of the synthetic-data generator (issue 2 §6): determinism, validity, realism."""

from __future__ import annotations

import builtins
import collections
import gc
import json
import math
import os
import pathlib
import subprocess
import sys
from typing import Any

import numpy as np
import pytest

from mentormatch import InputError, Mentor, Policy, Problem, Student
from mentormatch.domain.availability import Availability
from mentormatch.domain.levels import LEVELS, level_rank
from mentormatch.domain.policy import DEFAULT_PRIORITY_WEIGHTS
from mentormatch.domain.vocabulary import default_vocabulary
from mentormatch.synth import CITES, PRIORITY_TAGS, default_n_mentors, generate
from mentormatch.synth import _generator as gen
from mentormatch.synth import profiles as prof
from mentormatch.synth.territories import cite_by_code

N_LARGE = 6000


@pytest.fixture(scope="module")
def large() -> Problem:
    return generate(N_LARGE, seed=11)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _hours(av: Availability) -> np.ndarray:
    mask = np.zeros(7 * 24, dtype=bool)
    for w in av.windows:
        mask[w.day * 24 + w.start // 60: w.day * 24 + w.end // 60] = True
    return mask


# --- determinism -----------------------------------------------------------


def test_same_seed_gives_identical_dump() -> None:
    a, b = generate(400, seed=5), generate(400, seed=5)
    assert a.model_dump() == b.model_dump()
    assert a.model_dump_json() == b.model_dump_json()


def test_different_seeds_differ() -> None:
    a, b = generate(400, seed=5), generate(400, seed=6)
    assert a.model_dump_json() != b.model_dump_json()
    assert [s.location for s in a.students] != [s.location for s in b.students]


def test_same_seed_identical_across_processes() -> None:
    # String hashing differs between processes: nothing may depend on set order.
    code = ("import hashlib; from mentormatch.synth import generate; "
            "print(hashlib.sha256(generate(300, seed=8).model_dump_json().encode()).hexdigest())")
    digests = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": str(h)}).stdout.strip()
        for h in (1, 2)
    }
    assert len(digests) == 1


def test_garbage_collector_state_is_restored() -> None:
    assert gc.isenabled()
    generate(20, seed=1)
    assert gc.isenabled()
    gc.disable()
    try:
        generate(20, seed=1)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_pupils_do_not_depend_on_the_number_of_mentors() -> None:
    a, b = generate(300, seed=2), generate(300, n_mentors=40, seed=2)
    keep = ("id", "level", "needs", "availability", "location", "priority_tags", "languages")
    assert [s.model_dump(include=set(keep)) for s in a.students] == [
        s.model_dump(include=set(keep)) for s in b.students]


# --- validity and references ----------------------------------------------


def test_problem_is_valid_and_round_trips_through_json() -> None:
    problem = generate(500, seed=1)
    assert isinstance(problem, Problem)
    again = Problem(**json.loads(problem.model_dump_json()))
    assert again == problem


@pytest.mark.parametrize("seed", [3, 4])
def test_constructed_models_equal_validated_ones(seed: int) -> None:
    # generate() builds people with model_construct from canonical records;
    # validating the same records must give equal models, field by field.
    n = 1500
    m = default_n_mentors(n)
    rng_p, rng_m, rng_l = np.random.default_rng(seed).spawn(3)
    pupils, mentors = gen._draw_pupils(rng_p, n), gen._draw_mentors(rng_m, m)
    links = gen._draw_links(rng_l, pupils, mentors)
    sids, mids = gen._ids("S", n), gen._ids("M", m)
    for cls, records in ((Student, gen._student_records(sids, mids, pupils, links)),
                         (Mentor, gen._mentor_records(mids, sids, mentors, links))):
        built = gen._build(cls, records)  # type: ignore[type-var]
        for record, fast in zip(records, built, strict=True):
            slow = cls.model_validate(record)
            assert fast == slow
            assert fast.model_fields_set == slow.model_fields_set
            assert fast.model_dump_json() == slow.model_dump_json()
            for name in cls.model_fields:
                assert type(getattr(fast, name)) is type(getattr(slow, name)), name
    assert generate(n, seed=seed).students[7] == Student.model_validate(
        gen._student_records(sids, mids, pupils, links)[7])


def test_availability_objects_equal_their_parsed_text(large: Problem) -> None:
    people: list[Any] = [*large.students[:2000], *large.mentors[:1000]]
    for person in people:
        av = person.availability
        assert av, person.id
        assert Availability.parse(str(av)) == av
        assert all(w.start % 60 == 0 and w.end % 60 == 0 for w in av.windows)


def test_references_point_to_existing_people(large: Problem) -> None:
    student_ids = {s.id for s in large.students}
    mentor_ids = {m.id for m in large.mentors}
    current = [s.current_mentor for s in large.students if s.current_mentor is not None]
    excluded = [e for s in large.students for e in s.excluded_mentors]
    assert current
    assert excluded
    assert set(current) <= mentor_ids
    assert set(excluded) <= mentor_ids
    assert all(s.current_mentor not in s.excluded_mentors for s in large.students)
    mentor_excl = [e for m in large.mentors for e in m.excluded_students]
    assert mentor_excl
    assert set(mentor_excl) <= student_ids
    # Continuity: a current mentor is usually one of the pupil's cité.
    by_id = {m.id: m for m in large.mentors}
    same = [by_id[s.current_mentor].location.territory == s.location.territory  # type: ignore[union-attr]
            for s in large.students if s.current_mentor is not None]
    assert np.mean(same) > 0.9


# --- sizes --------------------------------------------------------------------


def test_default_ratio_and_n_mentors_honoured() -> None:
    assert len(generate(100, seed=0).mentors) == 55 == default_n_mentors(100)
    p = generate(50, n_mentors=7, seed=0)
    assert (len(p.students), len(p.mentors)) == (50, 7)
    none = generate(30, n_mentors=0, seed=0)
    assert none.mentors == ()
    assert all(s.current_mentor is None and not s.excluded_mentors for s in none.students)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_small_n(n: int) -> None:
    p = generate(n, seed=4)
    assert len(p.students) == n
    assert len(p.mentors) == default_n_mentors(n) >= 1


def test_zero_pupils_gives_an_empty_problem() -> None:
    p = generate(0)
    assert p.students == ()
    assert p.mentors == ()
    assert len(generate(0, n_mentors=3).mentors) == 3


@pytest.mark.parametrize("bad", [-1, 2.5, "10", True, None])
def test_bad_counts_are_errors(bad: Any) -> None:
    with pytest.raises(ValueError, match="n_students"):
        generate(bad)
    with pytest.raises(ValueError, match="n_mentors"):
        generate(5, n_mentors=-3 if bad is None else bad)


def test_policy_is_used_and_must_weigh_the_tags() -> None:
    p = generate(20, seed=0, policy=Policy(default_travel_km=5))
    assert p.policy.default_travel_km == 5
    with pytest.raises(InputError) as info:
        generate(300, seed=0, policy=Policy(priority_weights={"qpv": 1}))
    assert any(pb.code == "unknown_priority_tag" for pb in info.value.problems)


def test_reads_no_file_at_run_time(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"generate() opened a file: {args!r}")

    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(pathlib.Path, "open", refuse)
    assert len(generate(50, seed=9).students) == 50


# --- realism: pupils ---------------------------------------------------------


def test_maths_and_french_are_the_most_frequent_needs(large: Problem) -> None:
    counts = collections.Counter(n for s in large.students for n in s.needs)
    top2 = {name for name, _ in counts.most_common(2)}
    assert top2 == {"maths", "français"}
    first = collections.Counter(s.needs[0] for s in large.students)
    assert {name for name, _ in first.most_common(2)} == {"maths", "français"}
    assert all(1 <= len(s.needs) <= 3 for s in large.students)
    share_multi = np.mean([len(s.needs) > 1 for s in large.students])
    assert 0.45 < share_multi < 0.65


def test_needs_fit_the_level(large: Problem) -> None:
    for s in large.students:
        if "philosophie" in s.needs:
            assert s.level == "Tle"
        if "insertion professionnelle" in s.needs:
            assert s.level == "post-bac"
        if s.level in ("CP", "CE1", "CE2", "CM1", "CM2"):
            assert "orientation" not in s.needs
    post_bac = [s for s in large.students if s.level == "post-bac"]
    ip = np.mean(["insertion professionnelle" in s.needs for s in post_bac])
    assert ip > 0.3


def test_every_level_present_and_mostly_school_age(large: Problem) -> None:
    levels = collections.Counter(s.level for s in large.students)
    assert set(levels) == set(LEVELS)
    assert 0.02 < levels["post-bac"] / N_LARGE < 0.12
    college = sum(levels[lv] for lv in ("6e", "5e", "4e", "3e")) / N_LARGE
    assert 0.3 < college < 0.46


def test_about_a_third_lack_a_device_or_a_connection(large: Problem) -> None:
    lacking = np.mean([not (s.has_device and s.has_connection) for s in large.students])
    assert 0.28 < lacking < 0.38


def test_equipment_tags_and_modality_are_consistent(large: Problem) -> None:
    for s in large.students:
        assert ("no_device" in s.priority_tags) == (not s.has_device)
        assert ("no_connection" in s.priority_tags) == (not s.has_connection)
        if s.modality == "remote":
            assert s.has_device
            assert s.has_connection
        assert set(s.priority_tags) <= set(PRIORITY_TAGS)
        if s.level in ("2de", "1re", "Tle", "post-bac"):
            assert not {"rep", "rep_plus"} & set(s.priority_tags)
        assert not {"rep", "rep_plus"} <= set(s.priority_tags)
    modality = collections.Counter(s.modality for s in large.students)
    assert set(modality) == {"either", "in_person", "remote"}


def test_priority_tags_mostly_qpv(large: Problem) -> None:
    tags = collections.Counter(t for s in large.students for t in s.priority_tags)
    assert tags.most_common(1)[0][0] == "qpv"
    assert 0.78 < tags["qpv"] / N_LARGE < 0.92
    assert set(tags) == set(PRIORITY_TAGS)
    waiting = [s for s in large.students if "waiting" in s.priority_tags]
    assert all(s.waiting_since is not None for s in waiting)


def test_languages_gender_and_associations(large: Problem) -> None:
    assert all(s.languages[0] == "fr" for s in large.students)
    langs = collections.Counter(lang for s in large.students for lang in s.languages[1:])
    assert langs.most_common(1)[0][0] == "ar"
    assert {"en", "es", "pt", "tr"} <= set(langs)
    required = [s for s in large.students if s.mentor_gender_required]
    assert 0.01 < len(required) / N_LARGE < 0.06
    assert all(s.mentor_gender is not None for s in required)
    assocs = {s.association for s in large.students} - {None}
    assert {"AFEV", "ZUPdeCO", "Article 1"} <= assocs


def test_pupils_live_near_a_real_cite(large: Problem) -> None:
    seen = set()
    for s in large.students:
        loc = s.location
        assert loc is not None
        assert loc.territory is not None
        cite = cite_by_code(loc.territory)
        assert (loc.commune, loc.departement) == (cite.commune, cite.departement)
        d = _km(loc.latitude, loc.longitude, cite.latitude, cite.longitude)
        assert 0.95 <= d <= 5.05, (s.id, d)
        seen.add(cite.code)
    overseas = {c.code for c in CITES if c.departement.startswith("97")}
    assert overseas & seen, "overseas cités should appear in a large sample"
    assert len(seen) > 0.9 * len(CITES)


# --- realism: volunteers ------------------------------------------------------


def test_volunteer_profiles_roles_and_capacities(large: Problem) -> None:
    mentors = large.mentors
    profiles = collections.Counter(m.profile for m in mentors)
    assert set(profiles) == set(prof.PROFILES)
    assert profiles.most_common(1)[0][0] == "etudiant"
    assert {m.role for m in mentors} == {"mentor", "tutor"}
    groups = [m for m in mentors if m.group_size > 1]
    assert groups, "some group tutors"
    for m in groups:
        assert m.role == "tutor"
        assert 3 <= m.group_size <= 6
        assert m.capacity == m.group_size
        assert m.subjects[0].subject in {"aide aux devoirs", "maths", "français", "méthodologie"}
    singles = [m for m in mentors if m.group_size == 1]
    assert {m.capacity for m in singles} == {1, 2, 3}
    cleared = np.mean([m.has_clearance for m in mentors])
    assert 0.84 < cleared < 0.92
    assert {m.association for m in mentors} >= {
        "AFEV", "Article 1", "Institut Télémaque", "Chemins d'avenirs", "Proxité", "NQT",
        "ZUPdeCO"}


def test_offers_fit_profile_and_subject(large: Problem) -> None:
    counts = collections.Counter(o.subject for m in large.mentors for o in m.subjects)
    assert counts.most_common(1)[0][0] == "maths"
    for m in large.mentors:
        assert 1 <= len(m.subjects) <= 4
        for o in m.subjects:
            lo, hi = prof.SUBJECT_LEVEL_BOUNDS[o.subject]
            assert level_rank(lo) <= level_rank(o.max_level) <= level_rank(hi)
            if m.profile == "service_civique" and lo != "post-bac":
                assert level_rank(o.max_level) <= level_rank("Tle")


def test_volunteers_live_near_the_cites_and_travel_5_to_35_km(large: Problem) -> None:
    dists = []
    for m in large.mentors:
        assert m.location is not None
        assert m.location.territory is not None
        cite = cite_by_code(m.location.territory)
        dists.append(_km(m.location.latitude, m.location.longitude, cite.latitude,
                         cite.longitude))
        if m.modality == "remote":
            assert m.max_travel_km is None
        else:
            assert m.max_travel_km is not None
            assert 5 <= m.max_travel_km <= 35
    d = np.array(dists)
    assert d.max() <= 40.05
    assert 0.8 < np.mean(d <= 15.01) < 0.9
    remote = np.mean([m.modality == "remote" for m in large.mentors])
    assert 0.08 < remote < 0.22


def test_availability_patterns_per_group(large: Problem) -> None:
    wed = 2
    for s in large.students:
        days = {w.day for w in s.availability.windows}
        assert 6 not in days  # no Sunday for pupils
        for w in s.availability.windows:
            if w.day in (0, 1, 3, 4):  # school days: after school only
                assert w.start >= (17 if s.level != "post-bac" else 18) * 60
    primary = [s for s in large.students if s.level in ("CP", "CE1", "CE2", "CM1", "CM2")]
    assert np.mean([any(w.day == wed for w in s.availability.windows) for s in primary]) > 0.7
    for m in large.mentors:
        for w in m.availability.windows:
            if m.profile == "salarie" and w.day < 5 and w.day != wed:
                assert w.start >= 18 * 60  # working people: evenings after 18:00
            if m.profile == "retraite" and w.day < 5:
                assert w.end <= 18 * 60    # retirees: daytime


def test_pupils_and_volunteers_usually_share_a_few_hours(large: Problem) -> None:
    rng = np.random.default_rng(0)
    pupils = [large.students[i] for i in rng.choice(len(large.students), 600, replace=False)]
    mentors = [large.mentors[i] for i in rng.choice(len(large.mentors), 300, replace=False)]
    sh = np.array([_hours(s.availability) for s in pupils], dtype=np.int32)
    mh = np.array([_hours(m.availability) for m in mentors], dtype=np.int32)
    common = sh @ mh.T
    assert 0.45 < np.mean(common > 0) < 0.9
    assert 1 <= np.median(common[common > 0]) <= 4


# --- the typed-in tables -----------------------------------------------------


def test_territory_table() -> None:
    assert len(CITES) == 120
    assert len({c.code for c in CITES}) == len(CITES)
    for c in CITES:
        assert c.code.startswith(f"CE-{c.departement}-")
        assert c.label_year in (2019, 2021, 2022, 2025, None)
        assert "geonameid" in c.source
        assert c.pupils > 0
        if c.departement.startswith("97"):
            assert -25 < c.latitude < 20
        else:  # metropolitan France
            assert 41 < c.latitude < 51.2
            assert -5 < c.longitude < 8.3
    assert {c.departement for c in CITES} >= {"971", "972", "974", "976"}


def test_profile_tables_are_consistent() -> None:
    assert tuple(prof.LEVEL_SHARES) == LEVELS
    vocab = default_vocabulary()
    assert all(vocab.lookup(s) == s for s in prof.SUBJECTS)
    assert set(PRIORITY_TAGS) <= set(DEFAULT_PRIORITY_WEIGHTS)
    for slots in (*prof.PUPIL_AVAILABILITY.values(), *prof.PROFILE_AVAILABILITY.values()):
        for slot in slots:
            assert math.isclose(sum(slot.start_p), 1)
            assert math.isclose(sum(slot.end_p), 1)
            assert max(slot.starts) < min(slot.ends)
    assert math.isclose(sum(prof.EQUIPMENT_SHARES.values()), 1)
    assert 0.3 <= 1 - prof.EQUIPMENT_SHARES[(True, True)] <= 0.36
    assert set(prof.SUBJECT_LEVEL_BOUNDS) == set(prof.SUBJECTS)
