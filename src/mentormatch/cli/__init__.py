"""The ``mentormatch`` command line (see docs/cli.md).

Entry point: :func:`mentormatch.cli.main.main`. One module per command:
:mod:`~mentormatch.cli.demo`, :mod:`~mentormatch.cli.match`,
:mod:`~mentormatch.cli.validate`, :mod:`~mentormatch.cli.explain`,
:mod:`~mentormatch.cli.schema`, :mod:`~mentormatch.cli.synth`.
"""

from __future__ import annotations

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Run the command line (see :func:`mentormatch.cli.main.main`)."""
    from mentormatch.cli.main import main as _main

    return _main(argv)
