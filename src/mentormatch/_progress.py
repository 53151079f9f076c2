"""Progress reports and cancellation of a long match.

:func:`mentormatch.match` takes ``progress=callback``; the engine reports each
stage to a :class:`Reporter`, which calls ``callback(stage, done, total)`` at a
bounded rate and turns a request to stop into :class:`~mentormatch.errors.Cancelled`.

Stages, in order (``total`` is ``None`` when it is not known in advance):

========== ======================================== ==========================
stage      ``done``                                 ``total``
========== ======================================== ==========================
encode     0, then 1                                1
candidates pupils whose feasible pairs are enumerated number of pupils
solve      solve-and-price rounds started           ``None`` (a handful)
pricing    pupils priced in this round              number of pupils
certify    0, then 1                                1
result     0, then 1                                1
========== ======================================== ==========================

Cancellation: the callback returns ``False`` (``None``, ``True`` or anything
else continue), or raises :class:`~mentormatch.errors.Cancelled` itself. A
cancellation *token* is any object the callback reads, for example a
:class:`threading.Event` set by another thread::

    stop = threading.Event()
    mm.match(problem, progress=lambda stage, done, total: not stop.is_set())

The engine checks between units of work (a block of pupils, a round, a
chunk of pricing), so a cancel takes effect within a fraction of a second and
nothing partial is returned: :func:`~mentormatch.match` raises.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from mentormatch.errors import Cancelled

__all__ = ["MIN_INTERVAL", "STAGES", "ProgressCallback", "Reporter", "as_reporter"]

#: The signature of a progress callback: ``(stage, done, total) -> bool | None``.
ProgressCallback = Callable[[str, int, "int | None"], "bool | None"]

#: The stages reported, in the order they happen (``solve`` and ``pricing`` repeat).
STAGES: tuple[str, ...] = ("encode", "candidates", "solve", "pricing", "certify", "result")

#: Least seconds between two calls of the callback within one stage (the first
#: and the last call of a stage always go through).
MIN_INTERVAL = 0.1


class Reporter:
    """Calls a progress callback at a bounded rate; raises :class:`Cancelled` on request.

    Parameters
    ----------
    callback : callable, optional
        ``callback(stage, done, total)``; returning ``False`` cancels. ``None``:
        report nothing (the engine's default).
    min_interval : float
        Least seconds between two calls within a stage (:data:`MIN_INTERVAL`).
    """

    __slots__ = ("_last", "_stage", "callback", "calls", "min_interval")

    def __init__(self, callback: ProgressCallback | None = None, *,
                 min_interval: float = MIN_INTERVAL) -> None:
        self.callback = callback
        self.min_interval = min_interval
        self.calls = 0
        self._stage: str | None = None
        self._last = 0.0

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        """Report ``done`` of ``total`` for ``stage`` (maybe skipped to bound the rate).

        Raises
        ------
        Cancelled
            The callback returned ``False`` (or raised it).
        """
        if self.callback is None:
            return
        now = time.perf_counter()
        edge = stage != self._stage or (total is not None and done >= total)
        if not edge and now - self._last < self.min_interval:
            return
        self._stage, self._last = stage, now
        self.calls += 1
        if self.callback(stage, int(done), None if total is None else int(total)) is False:
            raise Cancelled(stage)


#: A reporter that reports nothing.
_SILENT = Reporter(None)


def as_reporter(progress: ProgressCallback | Reporter | None) -> Reporter:
    """The :class:`Reporter` of a ``progress=`` argument (silent for ``None``)."""
    if progress is None:
        return _SILENT
    if isinstance(progress, Reporter):
        return progress
    if not callable(progress):
        from mentormatch.errors import InputError

        raise InputError.single("wrong_type", "progress must be a callable "
                                "(stage, done, total) or None", field="progress",
                                value=repr(progress))
    return Reporter(progress)
