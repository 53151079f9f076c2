"""The ``mentormatch`` command line: parser, dispatch and exit codes.

Exit codes (docs/cli.md): 0 success, 1 input errors, 2 usage errors, 3
internal error, 4 too large for the memory available (130 when interrupted).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import traceback
from collections.abc import Iterator, Sequence

from mentormatch.cli import demo, explain, match, recruit, schema, synth, template, validate
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
from mentormatch.i18n import LANGS, has, resolve_lang, t, use_lang

__all__ = ["build_parser", "main"]

_COMMANDS = (demo, match, validate, explain, recruit, schema, synth, template)

def _argv_lang(argv: Sequence[str]) -> str | None:
    """The value of ``--lang`` in ``argv`` (before parsing: the help needs it), or None."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


@contextlib.contextmanager
def _argparse_words(lang: str) -> Iterator[None]:
    """argparse's own words (usage, options, its errors) in ``lang`` while in the block."""
    real = argparse._  # type: ignore[attr-defined]

    def words(text: str) -> str:
        key = f"argparse.{text}"
        return t(key, lang) if has(key) else real(text)

    argparse._ = words  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = real  # type: ignore[attr-defined]


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """Handle SIGTERM like Ctrl-C (KeyboardInterrupt): temporary folders are cleaned up."""
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        old = signal.signal(signal.SIGTERM, interrupt)
    except (ValueError, OSError, AttributeError):  # not the main thread, or no SIGTERM
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``mentormatch`` command.

    Its help is in the language of :func:`mentormatch.i18n.use_lang` (English
    outside any).
    """
    from mentormatch._version import __version__

    parser = argparse.ArgumentParser(
        prog="mentormatch",
        description=t("cli.description"),
        epilog=t("cli.epilog"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"mentormatch {__version__}",
                        help=t("cli.opt.version"))
    parser.add_argument("--debug", action="store_true", help=t("cli.opt.debug"))
    parser.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS,
                        help=t("cli.opt.lang"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title=t("cli.commands"))
    for module in _COMMANDS:
        module.register(sub)
    # Every command takes --lang (a command may declare its own, as explain does).
    for command in sub.choices.values():
        if "--lang" not in command._option_string_actions:
            command.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS,
                                 help=t("opt.lang"))
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
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = resolve_lang(_argv_lang(argv))
    with use_lang(lang), _argparse_words(lang):
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # argparse: --help, --version, usage errors
            code = exc.code
            return code if isinstance(code, int) else (EXIT_OK if code is None else EXIT_USAGE)
        if args.command is None:
            parser.print_help(sys.stderr)
            return EXIT_USAGE
    if not hasattr(args, "lang"):
        args.lang = lang
    with use_lang(lang), _sigterm_as_interrupt():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    """Run the command; turn each kind of failure into its exit code and message."""
    debug = bool(args.debug or os.environ.get("MENTORMATCH_DEBUG"))
    try:
        return int(args.func(args))
    except UsageError as exc:
        print(t("usage.error", command=args.command, message=exc), file=sys.stderr)
        return EXIT_USAGE
    except InputError as exc:
        print_input_error(exc, lang=args.lang)
        return EXIT_INPUT
    except MissingExtraError as exc:
        print(t("usage.error", command=args.command, message=exc), file=sys.stderr)
        return EXIT_USAGE
    except ProblemTooLargeError as exc:
        print(t("usage.error", command=args.command, message=exc), file=sys.stderr)
        return EXIT_TOO_LARGE
    except KeyboardInterrupt:
        print(t("usage.interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into a command that stopped reading (e.g. `| head`).
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return EXIT_OK
    except InternalError as exc:
        print(t("usage.internal", command=args.command, message=exc), file=sys.stderr)
        if debug:
            traceback.print_exc()
        return EXIT_INTERNAL
    except Exception as exc:
        print(t("usage.internal", command=args.command,
                message=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        if debug:
            traceback.print_exc()
        else:
            print(t("usage.debug_hint"), file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
