"""Progress of a long command on stderr: stages, counts and an estimate of the time left.

Three modes (``--quiet``, default, ``--verbose``):

* ``quiet``: nothing;
* ``auto`` (the default): on a terminal, the steps and one live line per engine
  stage — ``candidates 12,000/30,000 pupils (40 %, about 8 s left)``, rewritten
  in place; when stderr is not a terminal (a log file, a pipe, a scheduler),
  nothing, so logs are not filled with progress;
* ``verbose``: the steps, and one line per engine stage when it ends (with its
  count and duration), terminal or not.

The engine's stages come from :func:`mentormatch.match`'s ``progress`` callback
(:mod:`mentormatch._progress`), the same callback a notebook or a service uses.
"""

from __future__ import annotations

import sys
import time
from typing import IO, Literal

from mentormatch.cli._common import Progress
from mentormatch.i18n import fmt_int, t

__all__ = ["CliProgress", "Mode", "mode_of"]

#: How much progress to show.
Mode = Literal["quiet", "auto", "verbose"]

#: The engine stages that have words (``progress.stage.<stage>`` in the message catalogue).
_NAMED = frozenset({"encode", "candidates", "solve", "pricing", "certify", "result"})


def mode_of(quiet: bool, verbose: bool) -> Mode:
    """The mode of ``--quiet`` / ``--verbose``."""
    return "quiet" if quiet else "verbose" if verbose else "auto"


class CliProgress(Progress):
    """Step messages and live engine progress on stderr (see the module documentation).

    Parameters
    ----------
    mode : {"quiet", "auto", "verbose"}
    lang : {"en", "fr"}
    stream : file, optional
        Where to write (default ``sys.stderr``).
    tty : bool, optional
        Whether ``stream`` is a terminal (default: ask it).
    """

    def __init__(self, mode: Mode = "auto", *, lang: str = "en",
                 stream: IO[str] | None = None, tty: bool | None = None) -> None:
        out = stream if stream is not None else sys.stderr
        self.tty = bool(out.isatty()) if tty is None else tty
        self.mode = mode
        self.lang = lang if lang in ("en", "fr") else "en"
        super().__init__(quiet=mode == "quiet" or (mode == "auto" and not self.tty),
                         stream=stream)
        self._stage: str | None = None
        self._stage_t0 = 0.0
        self._last: tuple[int, int | None] = (0, None)
        self._width = 0

    def _word(self, key: str, **values: object) -> str:
        return t(f"progress.stage.{key}", self.lang, **values)

    def _line(self, stage: str, done: int, total: int | None) -> str:
        name = self._word(stage) if stage in _NAMED else stage
        if stage == "solve":
            return f"[mentormatch]   {name} {done}"
        if total is None or stage not in ("candidates", "pricing"):
            return f"[mentormatch]   {name}"
        text = (f"[mentormatch]   {name} {fmt_int(done, self.lang)}/"
                f"{fmt_int(total, self.lang)} {self._word('pupils')}")
        if total:
            share = 100 * done / total
            text += f" ({share:.0f} %"
            spent = time.perf_counter() - self._stage_t0
            if 0 < done < total and spent > 0.5:
                left = spent * (total - done) / done
                text += ", " + self._word("left", s=f"{left:.0f}")
            text += ")"
        return text

    def _end_stage(self) -> None:
        if self._stage is None:
            return
        spent = time.perf_counter() - self._stage_t0
        if self.mode == "verbose" and not self.tty:
            done, total = self._last
            line = self._line(self._stage, done, total)
            print(f"{line}, {self._word('done_in', s=spent)}", file=self._out(),
                  flush=True)
        elif self.tty and self._width:
            self._out().write("\r" + " " * self._width + "\r")
            self._out().flush()
            self._width = 0
        self._stage = None

    def engine(self, stage: str, done: int, total: int | None) -> None:
        """The ``progress`` callback handed to :func:`mentormatch.match`."""
        if self.quiet:
            return
        if stage != self._stage:
            self._end_stage()
            self._stage, self._stage_t0 = stage, time.perf_counter()
        self._last = (done, total)
        if self.tty:
            line = self._line(stage, done, total)
            pad = max(0, self._width - len(line))
            self._out().write("\r" + line + " " * pad)
            self._out().flush()
            self._width = len(line)

    def done(self, message: str | None = None) -> float:
        """End the step (and the live engine line)."""
        self._end_stage()
        return super().done(message)
