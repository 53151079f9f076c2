"""The ``mentormatch`` command line: parser, dispatch and exit codes.

Exit codes (docs/cli.md): 0 success, 1 input errors, 2 usage errors, 3
internal error, 4 too large for the memory available (130 when interrupted).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback

from mentormatch.cli import demo, explain, match, recruit, schema, synth, validate
from mentormatch.cli._common import (
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_TOO_LARGE,
    EXIT_USAGE,
    UsageError,
    print_input_error,
)
from mentormatch.errors import InputError, InternalError, MissingExtraError, ProblemTooLargeError

__all__ = ["build_parser", "main"]

_COMMANDS = (demo, match, validate, explain, recruit, schema, synth)

_EPILOG = """exit codes:
  0  success
  1  input errors (every problem is listed with its file, row and column)
  2  usage errors (bad option, missing file, output that would overwrite an input,
     missing optional extra)
  3  internal error (a bug: please report it with --debug output)
  4  too large for the memory available (the message says how to make it smaller)

Documentation: docs/cli.md"""


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``mentormatch`` command."""
    from mentormatch._version import __version__

    parser = argparse.ArgumentParser(
        prog="mentormatch",
        description="Optimal, certified, explainable pairing of pupils with volunteer "
                    "mentors and tutors.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"mentormatch {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="show the traceback of an internal error")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _COMMANDS:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``mentormatch`` command line.

    Parameters
    ----------
    argv : list of str, optional
        Arguments without the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit code: 0 success, 1 input errors, 2 usage errors, 3 internal
        error, 4 too large for the memory available, 130 interrupted.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help, --version, usage errors
        code = exc.code
        return code if isinstance(code, int) else (EXIT_OK if code is None else EXIT_USAGE)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    debug = bool(args.debug or os.environ.get("MENTORMATCH_DEBUG"))
    try:
        return int(args.func(args))
    except UsageError as exc:
        print(f"mentormatch {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except InputError as exc:
        print_input_error(exc)
        return EXIT_INPUT
    except MissingExtraError as exc:
        print(f"mentormatch {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ProblemTooLargeError as exc:
        print(f"mentormatch {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_TOO_LARGE
    except KeyboardInterrupt:
        print("mentormatch: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into a command that stopped reading (e.g. `| head`).
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return EXIT_OK
    except InternalError as exc:
        print(f"mentormatch {args.command}: internal error (a bug, please report it): {exc}",
              file=sys.stderr)
        if debug:
            traceback.print_exc()
        return EXIT_INTERNAL
    except Exception as exc:
        print(f"mentormatch {args.command}: internal error (a bug, please report it): "
              f"{type(exc).__name__}: {exc}", file=sys.stderr)
        if debug:
            traceback.print_exc()
        else:
            print("run again with --debug to see the traceback", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
