"""Memory this process may still use, and the cyclic garbage collector paused during a match.

:func:`available_bytes`: the least of what the OS, a cgroup and rlimits allow,
read from Linux's ``/proc`` and ``/sys/fs/cgroup`` and POSIX resource limits;
each source that is missing (another OS, no limit set) is skipped, and it
returns ``None`` when none is known.

:func:`paused_gc`: a match allocates a few hundred thousand small objects (its
pairs, reasons and changes) while the caller's problem and previous result hold
several hundred thousand more, so Python's cyclic collector ran two full
collections inside a 30,000-pupil re-run, 0.5 s of its 7 (``docs/performance.md``).
The engine's data are numpy arrays and acyclic records, freed by reference
counting: nothing is lost by collecting after the match instead of during it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import resource
except ImportError:  # Windows: no rlimits
    resource = None  # type: ignore[assignment]

__all__ = ["available_bytes", "paused_gc"]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause automatic cyclic garbage collection inside the ``with`` block.

    The collector is re-enabled on exit, exceptions included, and only if it
    was enabled on entry: a caller who disabled it keeps it disabled, and a
    nested pause (a match inside a what-if) leaves it to the outer one.
    Explicit ``gc.collect()`` calls still run.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _read_kib(path: str, field: str) -> int | None:
    """Return ``field`` (in kB) of a ``/proc`` status-like file, in bytes."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _read_int(path: str) -> int | None:
    try:
        text = Path(path).read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None  # "max": no limit


def _cgroup_left() -> int | None:
    """Bytes left under this process's cgroup memory limit (v2, then v1)."""
    for limit_path, usage_path in (("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
                                   ("/sys/fs/cgroup/memory/memory.limit_in_bytes",
                                    "/sys/fs/cgroup/memory/memory.usage_in_bytes")):
        limit, usage = _read_int(limit_path), _read_int(usage_path)
        if limit is not None and usage is not None and limit < 1 << 60:
            return max(limit - usage, 0)
    return None


def _address_space_left() -> int | None:
    """Bytes left under ``RLIMIT_AS`` (virtual size counts against it)."""
    if resource is None or not hasattr(resource, "RLIMIT_AS"):
        return None
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY:
        return None
    size = _read_kib("/proc/self/status", "VmSize")
    return max(soft - (size or 0), 0)


def available_bytes() -> int | None:
    """Return the bytes this process may still allocate, or ``None`` when unknown.

    The least of the system's available memory (``MemAvailable``: free memory
    plus what the kernel can reclaim), the room left under a cgroup memory
    limit and the room left under the address-space rlimit.
    """
    known = [v for v in (_read_kib("/proc/meminfo", "MemAvailable"), _cgroup_left(),
                         _address_space_left()) if v is not None]
    return min(known) if known else None
