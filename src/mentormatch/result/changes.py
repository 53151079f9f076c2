"""What changed since the pairs in force: one :class:`Change` per pupil of either run.

Kinds (``Change.kind``) and reasons (``Change.reason``):

* ``kept``: same volunteer, same session;
* ``moved``: ``new_session`` (same volunteer) or ``new_mentor``;
* ``new``: a pupil without a pair in force (a newcomer, or unmatched last
  time): ``matched`` or ``unmatched`` now;
* ``ended``: the pair in force ended: ``mentor_left``, ``mentor_unavailable``,
  ``capacity_lowered``, ``rule_no_longer_met`` (``Change.rule`` names the rule),
  or ``not_kept`` (``Policy.continuity = "free"`` left the pupil unmatched);
  ``mentor_id`` is the new volunteer when the pupil was matched again;
* ``left``: a pupil of the previous result absent from the new students file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from mentormatch.i18n import has, t

if TYPE_CHECKING:
    from mentormatch.result.model import MatchResult, Session

__all__ = ["CHANGES_FILE", "CHANGE_COLUMNS", "CHANGE_KINDS", "Change", "ChangeKind",
           "change_counts", "change_dict", "change_from_dict", "change_rows", "changes_of", "words"]

ChangeKind = Literal["kept", "moved", "new", "ended", "left"]
#: Every kind, in the order counts are shown.
CHANGE_KINDS: tuple[ChangeKind, ...] = ("kept", "moved", "new", "ended", "left")

def words(key: str, lang: str = "en", **fields: Any) -> str:
    """The catalogue's ``changes.<key>`` in ``lang``, fields filled in (``key`` when unknown)."""
    name = f"changes.{key}"
    return t(name, lang, **fields) if has(name) else key


@dataclass(frozen=True, slots=True)
class Change:
    """What happened to one pupil since the pairs in force.

    Attributes
    ----------
    student_id : str
    kind : {"kept", "moved", "new", "ended", "left"}
    reason : str or None
        See the module docs (None for ``kept`` and ``left``).
    mentor_id : str or None
        The pupil's volunteer now (None when unmatched or left).
    session : Session or None
        The pupil's session now.
    previous_mentor_id : str or None
        The volunteer of the pair in force (None for ``new``).
    previous_session : Session or None
        The session of the pair in force.
    rule : str or None
        For ``rule_no_longer_met``: the hard rule that fails now.
    """

    student_id: str
    kind: ChangeKind
    reason: str | None = None
    mentor_id: str | None = None
    session: Session | None = None
    previous_mentor_id: str | None = None
    previous_session: Session | None = None
    rule: str | None = None

    def describe(self, lang: str = "en") -> str:
        """The reason in words (empty when there is none)."""
        if self.reason is None:
            return ""
        return words(self.reason, lang, rule=self.rule or "")


def changes_of(result: MatchResult, in_force: Mapping[str, tuple[str, Session]],
               ended: Mapping[str, tuple[str, str | None]], left: Sequence[str],
               pupils: Sequence[str]) -> tuple[Change, ...]:
    """One change per pupil of either run, sorted by student ID.

    Parameters
    ----------
    result : MatchResult
        The new match (its pairs).
    in_force : mapping
        Student ID → (volunteer ID, session) of each pair in force of a pupil
        still present.
    ended : mapping
        Student ID → (reason, rule) of each pair in force that ended before
        the solve.
    left : sequence of str
        Pupils of the previous result absent now.
    pupils : sequence of str
        Every pupil of the new problem.
    """
    out: list[Change] = []
    for sid in pupils:
        pair = result.pair_of(sid)
        now_m = pair.mentor_id if pair is not None else None
        now_s = pair.session if pair is not None else None
        prev = in_force.get(sid)
        if prev is None:
            out.append(Change(sid, "new", "matched" if pair is not None else "unmatched",
                              now_m, now_s))
            continue
        pm, ps = prev
        if sid in ended:
            reason, rule = ended[sid]
            out.append(Change(sid, "ended", reason, now_m, now_s, pm, ps, rule))
        elif pair is None:
            out.append(Change(sid, "ended", "not_kept", None, None, pm, ps))
        elif now_m == pm and now_s == ps:
            out.append(Change(sid, "kept", None, now_m, now_s, pm, ps))
        else:
            out.append(Change(sid, "moved", "new_session" if now_m == pm else "new_mentor",
                              now_m, now_s, pm, ps))
    out.extend(Change(sid, "left") for sid in left)
    out.sort(key=lambda c: c.student_id)
    return tuple(out)


def change_counts(changes: Sequence[Change]) -> dict[str, int]:
    """Number of changes of each kind, every kind present (zero included), in order."""
    c = Counter(ch.kind for ch in changes)
    return {k: c.get(k, 0) for k in CHANGE_KINDS}


#: The file of the output bundle that lists the changes.
CHANGES_FILE = "changes.csv"

#: Columns of ``changes.csv``.
CHANGE_COLUMNS: tuple[str, ...] = (
    "student_id", "kind", "reason", "rule", "mentor_id", "session", "previous_mentor_id",
    "previous_session", "explanation",
)


def change_rows(changes: Sequence[Change], lang: str = "en"
                ) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows and columns of ``changes.csv``."""
    rows = [{
        "student_id": c.student_id, "kind": c.kind, "reason": c.reason or "",
        "rule": c.rule or "", "mentor_id": c.mentor_id or "",
        "session": str(c.session) if c.session is not None else "",
        "previous_mentor_id": c.previous_mentor_id or "",
        "previous_session": str(c.previous_session) if c.previous_session is not None else "",
        "explanation": c.describe(lang),
    } for c in changes]
    return rows, list(CHANGE_COLUMNS)


def _session_dict(s: Session | None) -> dict[str, int] | None:
    return None if s is None else {"weekday": s.weekday, "start_minutes": s.start,
                                   "end_minutes": s.end}


def change_dict(c: Change) -> dict[str, Any]:
    """A change as written in ``result.json``."""
    return {"student_id": c.student_id, "kind": c.kind, "reason": c.reason,
            "mentor_id": c.mentor_id, "session": _session_dict(c.session),
            "previous_mentor_id": c.previous_mentor_id,
            "previous_session": _session_dict(c.previous_session), "rule": c.rule}


def change_from_dict(d: Mapping[str, Any]) -> Change:
    """A change read back from ``result.json`` (:func:`change_dict`'s inverse)."""
    from mentormatch.result.model import Session

    def session(x: Any) -> Session | None:
        return None if x is None else Session(int(x["weekday"]), int(x["start_minutes"]),
                                              int(x["end_minutes"]))

    def text(x: Any) -> str | None:
        return None if x is None else str(x)

    kind = str(d["kind"])
    if kind not in CHANGE_KINDS:
        raise ValueError(f"unknown change kind {kind!r}")
    return Change(str(d["student_id"]), kind, text(d.get("reason")),
                  text(d.get("mentor_id")), session(d.get("session")),
                  text(d.get("previous_mentor_id")), session(d.get("previous_session")),
                  text(d.get("rule")))
