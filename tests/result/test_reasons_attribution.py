"""Attribution in ``eliminated_by`` follows the documented rules (issue 14, defect 8)."""

from __future__ import annotations

import pytest

import mentormatch as mm

PARIS = {"latitude": 48.9, "longitude": 2.3}


def _eliminated_by(student: mm.Student, mentor: mm.Mentor) -> dict[str, int]:
    result = mm.match(mm.Problem(students=[student], mentors=[mentor]))
    [unmatched] = result.unmatched
    [reason] = unmatched.reasons
    assert reason.code == "no_candidate"
    return dict(reason.details["eliminated_by"])


@pytest.mark.parametrize(("pupil_at", "volunteer_at"), [(None, PARIS), (PARIS, None)])
def test_missing_location_counts_under_distance_not_device(pupil_at: dict | None,
                                                           volunteer_at: dict | None) -> None:
    student = mm.Student(id="E1", level="6e", needs=["maths"], availability="lun 17-19",
                         modality="in_person", location=pupil_at)
    mentor = mm.Mentor(id="M1", subjects=["maths:3e"], availability="lun 17-19",
                       location=volunteer_at, has_clearance=True)
    assert _eliminated_by(student, mentor) == {"distance": 1}


def test_no_device_for_remote_counts_under_device() -> None:
    student = mm.Student(id="E1", level="6e", needs=["maths"], availability="lun 17-19",
                         modality="remote", has_device=False)
    mentor = mm.Mentor(id="M1", subjects=["maths:3e"], availability="lun 17-19",
                       modality="remote")
    assert _eliminated_by(student, mentor) == {"device": 1}
