"""The modified problem's arrays and feasible graph from the base ones, without a full pass.

A what-if changes a few people; re-encoding every person and re-enumerating the
whole feasible graph (seconds at 30,000 pupils) is not needed:

* a **changed pupil** gets its row of the student arrays re-encoded, and its rows
  of the feasible graph re-enumerated against every volunteer;
* a **changed volunteer** gets its row of the mentor arrays re-encoded, and its
  pairs re-enumerated against every pupil (a change of capacity only touches
  ``m_capacity``: no rule or pair cost reads it);
* an **added volunteer** is appended after the others (index ``n_m``; the
  canonical order only decides ties, see ``docs/explain.md``).

Codes that depend on the whole population (languages, territories,
associations) are taken from the base encoding's own tables, so the new rows
compare with the old ones exactly. Each new set of rows is produced by the
engine's own :func:`~mentormatch.candidates.generate.feasible_pairs` on a
one-person slice of the arrays, and spliced into the sorted graph (pupil, then
cost, then volunteer). ``tests/whatif/test_delta.py`` checks the result against
:func:`~mentormatch.candidates.encode.encode` +
:func:`~mentormatch.candidates.generate.feasible_pairs` of the modified problem.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from mentormatch._arrays import ranges, stable_argsort
from mentormatch.candidates.encode import Encoded, encode
from mentormatch.candidates.generate import FeasiblePairs, feasible_pairs
from mentormatch.domain.people import Mentor, Student
from mentormatch.domain.problem import Problem

__all__ = ["Delta", "PairIndex", "modified", "positions", "variant_pairs"]

_S_CODED = ("s_lang", "s_territory", "s_association", "s_current")
_M_CODED = ("m_lang", "m_territory", "m_association")


#: What looks people up by ID: ``people -> {ID: position}`` (an engine's cached one, or
#: :func:`positions`).
Positions = Callable[[tuple[Any, ...]], dict[str, int]]


def positions(people: tuple[Any, ...],
              cache: dict[int, tuple[tuple[Any, ...], dict[str, int]]] | None = None
              ) -> dict[str, int]:
    """ID -> position in ``people`` (a problem's pupils or volunteers).

    What-ifs look a few people up in the same 30,000-person tuples again and
    again; building the dict each time cost more than the rest of an as-is
    check. ``cache`` (keyed by the tuple's identity, the tuple kept with it so
    the identity stays its own) keeps the dicts built: the engine holds one for
    its problem's two tuples (:meth:`mentormatch.whatif.resolve.Engine.positions`),
    so nothing outlives the engine. The tuples are frozen (a ``Problem`` is),
    so a dict built once stays right.
    """
    if cache is not None:
        got = cache.get(id(people))
        if got is not None and got[0] is people:
            return got[1]
    where = {p.id: k for k, p in enumerate(people)}
    if cache is not None:
        cache[id(people)] = (people, where)
    return where


def _people(people: tuple[Any, ...], ids: tuple[str, ...], hint: tuple[Any, ...],
            where_of: Positions = positions) -> dict[str, Any]:
    """The people of ``people`` with the given IDs (ID -> person).

    ``hint`` is the base problem's tuple: a what-if keeps its people in the same
    order, so each ID is first looked for at its base position.
    """
    where = where_of(hint)
    out: dict[str, Any] = {}
    for x in ids:
        k = where.get(x, -1)
        if 0 <= k < len(people) and people[k].id == x:
            out[x] = people[k]
        else:   # another order: the whole tuple's index
            k = where_of(people).get(x, -1)
            if k >= 0:
                out[x] = people[k]
    return out


def _code_tables(enc: Encoded) -> dict[str, dict[object, int]]:
    """name → code of the languages (bits), territories and associations of ``enc``."""
    people: tuple[Student | Mentor, ...] = (*enc.students, *enc.mentors)
    languages = sorted({lang for p in people for lang in p.languages})
    terr: dict[object, int] = {}
    assoc: dict[object, int] = {}
    for k, p in enumerate(enc.students):
        terr[p.location.territory if p.location else None] = int(enc.s_territory[k])
        assoc[p.association] = int(enc.s_association[k])
    for k, m in enumerate(enc.mentors):
        terr[m.location.territory if m.location else None] = int(enc.m_territory[k])
        assoc[m.association] = int(enc.m_association[k])
    return {"lang": {lang: k for k, lang in enumerate(languages)}, "terr": terr, "assoc": assoc}


def _lang_mask(tables: dict[str, dict[object, int]], langs: tuple[str, ...]) -> np.uint64:
    out = np.uint64(0)
    for lang in langs:
        k = tables["lang"].get(lang)
        if k is None:   # a language nobody had: a fresh bit
            k = len(tables["lang"])
            tables["lang"][lang] = k
        out |= np.uint64(1) << np.uint64(k % 64)
    return out


def _code(table: dict[object, int], name: object) -> int:
    if name is None:
        return -1
    if name not in table:
        table[name] = max([*table.values(), -1]) + 1
    return table[name]


def _one(problem: Problem, students: tuple[Student, ...], mentors: tuple[Mentor, ...]) -> Encoded:
    """``encode`` of a few people with the base problem's policy and vocabulary."""
    data = {n: getattr(problem, n) for n in type(problem).model_fields}
    data["students"] = tuple(s.model_copy(update={"excluded_mentors": (), "current_mentor": None})
                             for s in students)
    data["mentors"] = tuple(m.model_copy(update={"excluded_students": ()}) for m in mentors)
    return encode(type(problem)(**data))


def _slice(enc: Encoded, s_rows: NDArray[np.int64] | None, m_rows: NDArray[np.int64] | None
           ) -> Encoded:
    """``enc`` restricted to some pupils and/or volunteers (keys re-based)."""
    changes: dict[str, object] = {}
    s_rows = np.arange(enc.n_s) if s_rows is None else s_rows
    m_rows = np.arange(enc.n_m) if m_rows is None else m_rows
    for f in fields(enc):
        v = getattr(enc, f.name)
        if f.name.startswith("s_") and isinstance(v, np.ndarray):
            changes[f.name] = v[s_rows]
        elif f.name.startswith("m_") and isinstance(v, np.ndarray):
            changes[f.name] = v[m_rows]
    changes["student_ids"] = tuple(enc.student_ids[int(i)] for i in s_rows)
    changes["students"] = tuple(enc.students[int(i)] for i in s_rows)
    changes["mentor_ids"] = tuple(enc.mentor_ids[int(i)] for i in m_rows)
    changes["mentors"] = tuple(enc.mentors[int(i)] for i in m_rows)
    s_new = np.full(enc.n_s, -1, dtype=np.int64)
    s_new[s_rows] = np.arange(len(s_rows))
    m_new = np.full(enc.n_m, -1, dtype=np.int64)
    m_new[m_rows] = np.arange(len(m_rows))
    for name in ("excluded_keys", "self_keys"):
        keys = getattr(enc, name)
        s, m = np.divmod(keys, max(enc.n_m, 1))
        ok = (s_new[s] >= 0) & (m_new[m] >= 0)
        changes[name] = np.unique(s_new[s[ok]] * len(m_rows) + m_new[m[ok]])
    # a current mentor outside the slice is still someone (continuity): an index no
    # volunteer of the slice has
    cur = enc.s_current[s_rows].astype(np.int64)
    inside = m_new[np.maximum(cur, 0)]
    changes["s_current"] = np.where(cur < 0, -1, np.where(inside >= 0, inside, len(m_rows))
                                    ).astype(np.int32)
    return replace(enc, **changes)  # type: ignore[arg-type]


def _rekey(keys: NDArray[np.int64], n_m: int, n_m2: int) -> NDArray[np.int64]:
    s, m = np.divmod(keys, max(n_m, 1))
    return np.sort(s * n_m2 + m)


def _splice(fp: FeasiblePairs, drop: NDArray[np.bool_], si: NDArray[np.int64],
            mi: NDArray[np.int64], cost: NDArray[np.int64]) -> FeasiblePairs:
    """``fp`` without the rows ``drop``, with new rows inserted in (pupil, cost) order.

    A new row goes after the kept rows of its pupil with the same cost (the engine's
    order among equal costs is by volunteer; pricing only needs pupil then cost).
    """
    keep = np.flatnonzero(~drop) if drop.any() else None
    bsi, bmi, bcost = ((fp.si, fp.mi, fp.cost) if keep is None
                       else (fp.si[keep], fp.mi[keep], fp.cost[keep]))
    order = np.lexsort((mi, cost, si))
    si, mi, cost = si[order], mi[order], cost[order]
    base = min(int(bcost.min(initial=0)), int(cost.min(initial=0)))
    key = bsi.astype(np.int64) << 32
    key |= bcost.astype(np.int64) - base
    pos = np.searchsorted(key, (si << 32) | (cost - base), side="right")
    return FeasiblePairs(np.insert(bsi, pos, si.astype(np.int32)),
                         np.insert(bmi, pos, mi.astype(np.int32)),
                         np.insert(bcost.astype(np.int32, copy=False), pos,
                                   cost.astype(np.int32)), fp.session_cost)


def _gather(ptr: NDArray[np.int64], idx: NDArray[np.int64]) -> NDArray[np.int64]:
    """The concatenated ranges ``[ptr[i], ptr[i + 1])`` of the indices ``idx``."""
    starts = ptr[idx]
    owner, offset = ranges(ptr[idx + 1] - starts)
    return starts[owner] + offset


@dataclass(frozen=True)
class PairIndex:
    """Rows of a feasible graph by pupil (it is sorted by pupil) and by volunteer.

    Built once per optimum in force (a stable sort of the volunteer column), so
    that the pairs of a few people are found without a pass over the graph.
    """

    s_ptr: NDArray[np.int64]
    m_order: NDArray[np.int32]
    m_ptr: NDArray[np.int64]

    @classmethod
    def of(cls, fp: FeasiblePairs, n_s: int, n_m: int) -> PairIndex:
        """The index of ``fp`` (``n_s`` pupils, ``n_m`` volunteers)."""
        s_ptr = np.searchsorted(fp.si, np.arange(n_s + 1, dtype=fp.si.dtype)).astype(np.int64)
        order = stable_argsort(fp.mi)
        counts = np.bincount(fp.mi, minlength=n_m).astype(np.int64)
        m_ptr = np.r_[0, np.cumsum(counts)].astype(np.int64)
        return cls(s_ptr, order.astype(np.int32), m_ptr)

    def rows(self, pupils: NDArray[np.bool_], mentors: NDArray[np.bool_]) -> NDArray[np.int64]:
        """Sorted rows of the pairs of some pupils or (base) volunteers."""
        n_s, n_m = len(self.s_ptr) - 1, len(self.m_ptr) - 1
        # masks as long as the index (an empty mask stands for "none")
        pupils = np.r_[pupils[:n_s], np.zeros(max(n_s - len(pupils), 0), dtype=bool)]
        mentors = np.r_[mentors[:n_m], np.zeros(max(n_m - len(mentors), 0), dtype=bool)]
        ps, ms = np.flatnonzero(pupils), np.flatnonzero(mentors)
        total = int(self.m_ptr[-1])
        many = int((self.s_ptr[ps + 1] - self.s_ptr[ps]).sum()
                   + (self.m_ptr[ms + 1] - self.m_ptr[ms]).sum())
        if many > total // 16:   # a large part of the graph: one pass is cheaper
            mark = np.repeat(pupils[:n_s], np.diff(self.s_ptr))
            if ms.size > n_m // 2:   # most volunteers: mark by the volunteer of each position
                by_m = np.repeat(mentors[:n_m], np.diff(self.m_ptr))
                mark[self.m_order[by_m]] = True
            else:
                mark[self.m_order[_gather(self.m_ptr, ms)]] = True
            return np.flatnonzero(mark)
        r = np.concatenate([_gather(self.s_ptr, ps),
                            self.m_order[_gather(self.m_ptr, ms)].astype(np.int64)])
        r.sort()
        return r[np.r_[True, r[1:] != r[:-1]]] if r.size else r


def _merge_positions(bsi: NDArray[np.integer], bcost: NDArray[np.integer],
                     bmi: NDArray[np.integer], xsi: NDArray[np.integer],
                     xcost: NDArray[np.integer], xmi: NDArray[np.integer]) -> NDArray[np.int64]:
    """Where each new row goes among rows sorted by (pupil, cost, volunteer).

    The position after every base row that sorts before it or equal to it: a
    binary search of the pupil, then, among that pupil's rows only, a count of
    those whose (cost, volunteer) is not larger (no pass over the selection,
    which may hold a third of the graph).
    """
    start = np.searchsorted(bsi, xsi, side="left").astype(np.int64)
    stop = np.searchsorted(bsi, xsi, side="right").astype(np.int64)
    pos = start.copy()
    some = np.flatnonzero(stop > start)
    if some.size:
        owner, offset = ranges(stop[some] - start[some])
        at = start[some][owner] + offset
        c, xc = bcost[at].astype(np.int64), xcost[some][owner].astype(np.int64)
        before = (c < xc) | ((c == xc) & (bmi[at].astype(np.int64)
                                          <= xmi[some][owner].astype(np.int64)))
        pos[some] += np.bincount(owner, weights=before, minlength=some.size).astype(np.int64)
    return pos


@dataclass(frozen=True)
class Delta:
    """The modified graph as the base graph minus ``drop`` plus ``extra`` (not spliced).

    Attributes
    ----------
    base : FeasiblePairs
        The base graph.
    drop : numpy.ndarray of bool or None
        Base rows that are no longer pairs (None: none).
    extra : FeasiblePairs
        The new rows, sorted by pupil, cost and volunteer.
    """

    base: FeasiblePairs
    drop: NDArray[np.bool_] | None
    extra: FeasiblePairs
    index: PairIndex | None = None

    def full(self) -> FeasiblePairs:
        """The whole modified graph, sorted by pupil then cost."""
        if self.drop is None and not len(self.extra):
            return self.base
        drop = self.drop if self.drop is not None else np.zeros(len(self.base), dtype=bool)
        return _splice(self.base, drop, self.extra.si.astype(np.int64),
                       self.extra.mi.astype(np.int64), self.extra.cost.astype(np.int64))

    def rows_of(self, pupils: NDArray[np.bool_], mentors: NDArray[np.bool_]) -> FeasiblePairs:
        """The pairs of some pupils or volunteers, sorted by pupil then cost."""
        b, x = self.base, self.extra
        if self.index is not None:   # without a pass over the graph
            rows = self.index.rows(pupils, mentors)
            if self.drop is not None:
                rows = rows[~self.drop[rows]]
        else:
            pick = pupils[b.si] | mentors[b.mi]
            if self.drop is not None:
                pick &= ~self.drop
            rows = np.flatnonzero(pick)
        more = np.flatnonzero(pupils[x.si] | mentors[x.mi])
        bsi, bmi, bcost = b.si[rows], b.mi[rows], b.cost[rows]
        if not more.size:
            return FeasiblePairs(bsi, bmi, bcost, b.session_cost)
        # both parts are sorted by pupil, cost, volunteer: the new rows are inserted in
        # that order (a merge, not a sort of the whole selection; the same rows as a sort)
        xsi, xmi, xcost = x.si[more], x.mi[more], x.cost[more]
        pos = _merge_positions(bsi, bcost, bmi, xsi, xcost, xmi)
        # one placement mask for the three columns (instead of three np.insert)
        dest = pos + np.arange(len(pos))
        keep = np.ones(len(bsi) + len(pos), dtype=bool)
        keep[dest] = False
        cols = []
        for old, new in ((bsi, xsi), (bmi, xmi), (bcost, xcost)):
            col = np.empty(len(keep), dtype=old.dtype)
            col[keep] = old
            col[dest] = new
            cols.append(col)
        return FeasiblePairs(cols[0], cols[1], cols[2], b.session_cost)

    def without(self, pupils: NDArray[np.bool_]) -> Delta:
        """The same graph without the pairs of some pupils (forbidden)."""
        if self.index is not None:
            drop = (np.zeros(len(self.base), dtype=bool) if self.drop is None
                    else self.drop.copy())
            drop[self.index.rows(pupils, np.zeros(0, dtype=bool))] = True
        else:
            drop = pupils[self.base.si] if self.drop is None else self.drop | pupils[self.base.si]
        x = self.extra
        ok = ~pupils[x.si]
        return Delta(self.base, drop, FeasiblePairs(x.si[ok], x.mi[ok], x.cost[ok],
                                                    x.session_cost), self.index)

    def max_cost(self) -> int:
        """An upper bound of the largest pair cost (the base's dropped rows included)."""
        top = int(self.base.cost.max()) if len(self.base) else 0
        return max(top, int(self.extra.cost.max()) if len(self.extra) else top)


def variant_pairs(enc: Encoded, row: int, variants: tuple[Student, ...]) -> list[FeasiblePairs]:
    """The feasible pairs of pupil ``row`` changed into each of ``variants`` (same ID).

    Each variant's row is encoded alone (:func:`_one`) and enumerated against
    every volunteer, as :func:`modified_delta` does for a changed pupil (the
    same rows as a full ``encode`` + ``feasible_pairs`` of the modified problem;
    ``si`` is 0 in each result). No encoding of the whole problem.
    """
    if not variants:
        return []
    sid = enc.student_ids[row]
    copies = tuple(v.model_copy(update={"id": f"{sid}~variant{k}"})
                   for k, v in enumerate(variants))
    one = _one(enc.problem, copies, (enc.mentors[0],))
    at = {x: k for k, x in enumerate(one.student_ids)}
    base = _slice(enc, np.array([row], dtype=np.int64), None)
    out = []
    for c, v in zip(copies, variants, strict=True):
        j = at[c.id]
        changes: dict[str, object] = {"students": (v,)}
        for f in fields(enc):
            val = getattr(one, f.name)
            if f.name.startswith("s_") and isinstance(val, np.ndarray) and \
                    f.name not in _S_CODED:
                changes[f.name] = val[[j]]
        out.append(feasible_pairs(replace(base, **changes),  # type: ignore[arg-type]
                                  memory_budget=None))
    return out


def modified(enc: Encoded, fp: FeasiblePairs, problem: Problem, *,
             students: tuple[str, ...] = (), mentors: tuple[str, ...] = ()
             ) -> tuple[Encoded, FeasiblePairs]:
    """Arrays and feasible graph of ``problem``: :func:`modified_delta`, spliced."""
    enc2, delta = modified_delta(enc, fp, problem, students=students, mentors=mentors)
    return enc2, delta.full()


def modified_delta(enc: Encoded, fp: FeasiblePairs, problem: Problem, *,
                   students: tuple[str, ...] = (), mentors: tuple[str, ...] = (),
                   index: PairIndex | None = None,
                   tables: dict[str, dict[object, int]] | None = None,
                   where_of: Positions = positions
                   ) -> tuple[Encoded, Delta]:
    """Arrays and feasible graph of ``problem`` — ``enc.problem`` with a few people changed.

    Parameters
    ----------
    enc, fp : the base problem's arrays and full feasible graph
    problem : Problem
        The modified problem: the same pupils (``students`` changed), the same
        volunteers (``mentors`` changed) plus volunteers appended at the end.
    students, mentors : tuple of str
        IDs of the changed pupils and of the changed or added volunteers.
    index : PairIndex, optional
        The index of ``fp``: rows of a few people found without a pass over it.
    tables : dict, optional
        The code tables of ``enc`` (``_code_tables``), when already computed
        (copied here, never modified).
    where_of : callable, optional
        Looks people up by ID (:func:`positions`; an engine passes its cached one).

    Returns
    -------
    Encoded, Delta
        Added volunteers come after the others (see the module notes).
    """
    tables = _code_tables(enc) if tables is None else {k: dict(v) for k, v in tables.items()}
    known = set(enc.mentor_ids)
    added = tuple(m for m in problem.mentors if m.id not in known)
    s_people = _people(problem.students, students, enc.problem.students, where_of)
    m_people = _people(problem.mentors, mentors, enc.problem.mentors, where_of)
    n_m, n_m2 = enc.n_m, enc.n_m + len(added)
    changes: dict[str, object] = {"problem": problem}
    # volunteers: changed rows and appended ones
    m_rows = [enc.mentor_ids.index(x) for x in mentors if x in known]
    new_m = tuple(m_people[enc.mentor_ids[j]] for j in m_rows) + added
    if new_m:
        one = _one(enc.problem, (enc.students[0],), new_m) if enc.n_s else None
        if one is None:
            raise ValueError("a problem without pupils has nothing to change")
        order = [one.mentor_ids.index(m.id) for m in new_m]
        for f in fields(enc):
            v = getattr(enc, f.name)
            if not (f.name.startswith("m_") and isinstance(v, np.ndarray)):
                continue
            rows = getattr(one, f.name)[order]
            if f.name == "m_lang":
                rows = np.array([_lang_mask(tables, m.languages) for m in new_m], dtype=np.uint64)
            elif f.name == "m_territory":
                rows = np.array([_code(tables["terr"], m.location.territory if m.location
                                       else None) for m in new_m], dtype=v.dtype)
            elif f.name == "m_association":
                rows = np.array([_code(tables["assoc"], m.association) for m in new_m],
                                dtype=v.dtype)
            if rows.ndim == 2 and rows.shape[1] != v.shape[1]:
                raise ValueError(f"{f.name}: width changed")
            out = np.concatenate([v, rows[len(m_rows):]]) if added else v.copy()
            out[m_rows] = rows[: len(m_rows)]
            changes[f.name] = out
        changes["mentor_ids"] = enc.mentor_ids + tuple(m.id for m in added)
        # the unchanged volunteers are the base's (the contract of ``mentors``)
        m_list = list(enc.mentors)
        for j in m_rows:
            m_list[j] = m_people[enc.mentor_ids[j]]
        changes["mentors"] = tuple(m_list) + added
        if added:
            for name in ("excluded_keys", "self_keys"):
                changes[name] = _rekey(getattr(enc, name), n_m, n_m2)
    # pupils: changed rows
    s_rows = [enc.student_ids.index(x) for x in students]
    if s_rows:
        one = _one(enc.problem, tuple(s_people[enc.student_ids[i]] for i in s_rows),
                   (enc.mentors[0],)) if enc.n_m else None
        if one is None:
            raise ValueError("a problem without volunteers has nothing to change")
        order = [one.student_ids.index(enc.student_ids[i]) for i in s_rows]
        for f in fields(enc):
            v = changes.get(f.name, getattr(enc, f.name))
            if not (f.name.startswith("s_") and isinstance(v, np.ndarray)) or f.name in _S_CODED:
                continue
            rows = getattr(one, f.name)[order]
            out = np.array(v, copy=True)
            if f.name == "s_needs" and rows.shape[1] != out.shape[1]:
                width = max(rows.shape[1], out.shape[1])
                out = np.pad(out, ((0, 0), (0, width - out.shape[1])), constant_values=-1)
                rows = np.pad(rows, ((0, 0), (0, width - rows.shape[1])), constant_values=-1)
            out[s_rows] = rows
            changes[f.name] = out
        s_list = list(enc.students)   # the unchanged pupils are the base's
        for i in s_rows:
            s_list[i] = s_people[enc.student_ids[i]]
        changes["students"] = tuple(s_list)
    keys = _exclusions(enc, changes, s_rows, m_rows, added, s_people, m_people, where_of)
    if keys is not None:
        changes["excluded_keys"], changes["self_keys"] = keys
    enc2 = replace(enc, **changes)  # type: ignore[arg-type]
    # the graph: drop the changed people's rows, enumerate their new ones
    drop = np.zeros(len(fp), dtype=bool) if (s_rows or new_m) else np.zeros(0, dtype=bool)
    add_si: list[NDArray[np.int64]] = []
    add_mi: list[NDArray[np.int64]] = []
    add_c: list[NDArray[np.int64]] = []
    if s_rows:
        changed = np.zeros(enc.n_s, dtype=bool)
        changed[s_rows] = True
        if index is not None:
            drop[index.rows(changed, np.zeros(0, dtype=bool))] = True
        else:
            drop |= changed[fp.si]
        rows = np.array(sorted(s_rows), dtype=np.int64)
        sub = feasible_pairs(_slice(enc2, rows, None), memory_budget=None)
        add_si.append(rows[sub.si.astype(np.int64)])
        add_mi.append(sub.mi.astype(np.int64))
        add_c.append(sub.cost.astype(np.int64))
    m_changed = [*m_rows, *range(n_m, n_m2)]
    if m_changed and (added or any(_pairs_may_change(enc.mentors[j], m_people[enc.mentor_ids[j]])
                                   for j in m_rows)):
        flag = np.zeros(n_m2, dtype=bool)
        flag[m_changed] = True
        if index is not None:
            drop[index.rows(np.zeros(0, dtype=bool), flag)] = True
        else:
            drop |= flag[fp.mi]
        cols = np.array(m_changed, dtype=np.int64)
        sub = feasible_pairs(_slice(enc2, None, cols), memory_budget=None)
        si = sub.si.astype(np.int64)
        mi = cols[sub.mi.astype(np.int64)]
        if s_rows:   # the changed pupils' pairs are already enumerated above
            ok = ~np.isin(si, s_rows)
            si, mi, c = si[ok], mi[ok], sub.cost[ok].astype(np.int64)
        else:
            c = sub.cost.astype(np.int64)
        add_si.append(si)
        add_mi.append(mi)
        add_c.append(c)
    all_s = np.concatenate(add_si) if add_si else np.zeros(0, dtype=np.int64)
    all_m = np.concatenate(add_mi) if add_mi else np.zeros(0, dtype=np.int64)
    all_c = np.concatenate(add_c) if add_c else np.zeros(0, dtype=np.int64)
    srt = np.lexsort((all_m, all_c, all_s))
    extra = FeasiblePairs(all_s[srt].astype(np.int32), all_m[srt].astype(np.int32),
                          all_c[srt].astype(np.int32), fp.session_cost)
    return enc2, Delta(fp, drop if drop.any() else None, extra, index)


def _exclusions(enc: Encoded, changes: dict[str, object], s_rows: list[int],
                m_rows: list[int], added: tuple[Mentor, ...], s_people: dict[str, Student],
                m_people: dict[str, Mentor], where_of: Positions = positions
                ) -> tuple[NDArray[np.int64], NDArray[np.int64]] | None:
    """The excluded and same-person keys after the change (``None``: the base's hold).

    Pupils name the volunteers they exclude and volunteers the pupils (``encode`` takes
    both sides). A changed person's own list may have changed, and an added volunteer
    brings its own list (its ID is new, so no unchanged pupil names it) and may be a
    pupil too. A key a person drops is kept when the other side still names it.
    """
    n_m2 = enc.n_m + len(added)
    # the few IDs named are looked up one by one (no index of everyone per what-if);
    # the base problem's positions (cached by an engine) only test membership
    pupil_ids = where_of(enc.problem.students)

    def row(x: str) -> int:
        return enc.student_ids.index(x)

    def pupil(i: int) -> Student:
        return s_people.get(enc.student_ids[i], enc.students[i])

    def volunteer(j: int) -> Mentor:
        return added[j - enc.n_m] if j >= enc.n_m else m_people.get(enc.mentor_ids[j],
                                                                     enc.mentors[j])

    def column(x: str) -> int:
        new_ids = [m.id for m in added]
        return enc.n_m + new_ids.index(x) if x in new_ids else enc.mentor_ids.index(x)

    more: list[int] = []
    less: list[int] = []
    for i in s_rows:
        old, new = set(enc.students[i].excluded_mentors), set(pupil(i).excluded_mentors)
        more.extend(i * n_m2 + column(x) for x in new - old)
        less.extend(i * n_m2 + column(x) for x in old - new
                    if pupil(i).id not in volunteer(column(x)).excluded_students)
    for j in m_rows:
        old, new = set(enc.mentors[j].excluded_students), set(volunteer(j).excluded_students)
        more.extend(row(x) * n_m2 + j for x in new - old)
        less.extend(row(x) * n_m2 + j for x in old - new
                    if volunteer(j).id not in pupil(row(x)).excluded_mentors)
    self_more: list[int] = []
    for k, m in enumerate(added):
        j = enc.n_m + k
        more.extend(row(x) * n_m2 + j for x in m.excluded_students)
        more.extend(i * n_m2 + j for i in s_rows if m.id in pupil(i).excluded_mentors)
        if m.id in pupil_ids:
            self_more.append(row(m.id) * n_m2 + j)
    if not (more or less or self_more):
        return None
    excluded = changes.get("excluded_keys", enc.excluded_keys)
    self_keys = changes.get("self_keys", enc.self_keys)
    assert isinstance(excluded, np.ndarray)
    assert isinstance(self_keys, np.ndarray)
    out = np.setdiff1d(excluded, np.array(less, dtype=np.int64))
    out = np.union1d(out, np.array(more, dtype=np.int64)).astype(np.int64)
    return out, np.union1d(self_keys, np.array(self_more, dtype=np.int64)).astype(np.int64)


def _pairs_may_change(old: Mentor, new: Mentor) -> bool:
    """False when only the capacity changed (no rule or pair cost reads it)."""
    return old.model_copy(update={"capacity": new.capacity}) != new
