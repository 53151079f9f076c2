"""Issue 18 benchmark: lending tablets and 4G keys jointly with the pairing.

``python -m benchmarks.equipment [n]`` (default 30000): ``synth.generate(n)``
with stocks covering a third of the pupils lacking equipment (who accept remote
sessions), spread over their territories in proportion. In one run: the plain
match (no stock), the joint match (time, gap, bound kind), pupils and priority
weight matched with and without the stock, and greedy first-come-first-served
lending (items to pupils in arrival order — ``waiting_since``, then ID — until the
stock of their territory runs out; then the plain match with those pupils
equipped) against the optimum.
"""

from __future__ import annotations

import os
import resource
import sys
import time

import mentormatch as mm
from mentormatch.domain import Problem


def stocks_for(problem: Problem, share: float = 1 / 3) -> tuple[mm.EquipmentStock, ...]:
    """A third of each territory's lacking pupils, per item (pupils accepting remote)."""
    lacking: dict[str, list[int]] = {}
    for s in problem.students:
        if s.modality != "in_person" and s.location is not None and s.location.territory:
            d = lacking.setdefault(s.location.territory, [0, 0])
            d[0] += not s.has_device
            d[1] += not s.has_connection
    return tuple(mm.EquipmentStock(t, devices=round(d * share), connections=round(c * share))
                 for t, (d, c) in sorted(lacking.items())
                 if round(d * share) + round(c * share))


def first_come(problem: Problem) -> Problem:
    """Greedy lending: in arrival order, each lacking pupil gets what their territory has left."""
    left = {st.scope: [st.devices, st.connections] for st in problem.equipment}
    order = sorted(problem.students, key=lambda s: (s.waiting_since is None,
                                                    s.waiting_since or 0, s.id))
    given: set[str] = set()
    for s in order:
        terr = s.location.territory if s.location is not None else None
        if s.modality == "in_person" or terr not in left or (s.has_device and s.has_connection):
            continue
        need = [not s.has_device, not s.has_connection]
        if all(left[terr][t] >= 1 for t in range(2) if need[t]):
            for t in range(2):
                left[terr][t] -= need[t]
            given.add(s.id)
    students = tuple(s.model_copy(update={"has_device": True, "has_connection": True})
                     if s.id in given else s for s in problem.students)
    return problem.model_copy(update={"students": students, "equipment": ()})


def main(n: int) -> None:
    load = os.getloadavg()
    problem = mm.synth.generate(n)
    stock = stocks_for(problem)
    lacking = sum(1 for s in problem.students
                  if s.modality != "in_person" and not (s.has_device and s.has_connection))
    print(f"n={n}; pupils lacking equipment (accepting remote) {lacking}; stocks {len(stock)}, "
          f"devices {sum(s.devices for s in stock)}, connections "
          f"{sum(s.connections for s in stock)}; load average at start {load[0]:.2f}")
    mm.match(mm.synth.generate(200))   # warm-up: compiled kernels are not timed below
    t, c = time.perf_counter(), time.process_time()
    plain = mm.match(problem)
    t_plain, c_plain = time.perf_counter() - t, time.process_time() - c
    t, c = time.perf_counter(), time.process_time()
    joint = mm.match(problem.model_copy(update={"equipment": stock}))
    t_joint, c_joint = time.perf_counter() - t, time.process_time() - c
    t = time.perf_counter()
    greedy = mm.match(first_come(problem.model_copy(update={"equipment": stock})))
    t_greedy = time.perf_counter() - t
    eq = joint.equipment
    assert eq is not None
    print(f"plain match        {t_plain:7.1f} s (CPU {c_plain:.1f} s)  pairs "
          f"{len(plain.pairs)}  weight {plain.matched_weight}")
    print(f"joint match        {t_joint:7.1f} s (CPU {c_joint:.1f} s)  pairs "
          f"{len(joint.pairs)}  weight {joint.matched_weight}  items lent {eq.items_lent}  "
          f"objective {eq.objective} bound {eq.bound} gap {eq.gap} "
          f"(at most {eq.weight_gap} priority weight) "
          f"({eq.bound_kind}, {eq.rounds} rounds, {eq.engine_solves} engine solves, "
          f"MILP {eq.milp_vars} vars, items tier proven {eq.items_optimal})  "
          f"ratio {t_joint / t_plain:.2f}x (CPU {c_joint / c_plain:.2f}x)")
    print(f"first come lending {t_greedy:7.1f} s  pairs {len(greedy.pairs)}  weight "
          f"{greedy.matched_weight}")
    print("timings of the joint match:", {k: round(v, 2) for k, v in joint.timings.items()})
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(f"load average at end {os.getloadavg()[0]:.2f}; peak memory {peak:.2f} GB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30_000)
