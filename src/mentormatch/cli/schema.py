"""``mentormatch schema``: the JSON Schema of the input (students, mentors, policy)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from mentormatch.cli._common import EXIT_OK
from mentormatch.i18n import t

__all__ = ["register", "run", "schemas"]

_KINDS = ("students", "mentors", "policy", "all", "request", "result")


def schemas(kind: str = "all") -> dict[str, Any]:
    """Return the JSON Schema of one input kind, or of all three under their names.

    A students or mentors file in JSON is an array of objects: the schema of
    ``students`` and ``mentors`` is that array.
    """
    from mentormatch.domain import Mentor, Policy, Student

    def array_of(model: Any, title: str) -> dict[str, Any]:
        item = model.model_json_schema()
        defs = item.pop("$defs", None)
        out: dict[str, Any] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": title, "type": "array", "items": item,
        }
        if defs:
            out["$defs"] = defs
        return out

    def policy() -> dict[str, Any]:
        return {"$schema": "https://json-schema.org/draft/2020-12/schema",
                **Policy.model_json_schema()}

    table = {
        "students": lambda: array_of(Student, "mentormatch students file"),
        "mentors": lambda: array_of(Mentor, "mentormatch mentors file"),
        "policy": policy,
    }
    if kind == "all":
        return {k: f() for k, f in table.items()}
    if kind in ("request", "result"):  # the versioned service contract (docs/service.md)
        from mentormatch import service

        return service.request_schema() if kind == "request" else service.result_schema()
    return table[kind]()


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``schema`` command."""
    p = sub.add_parser("schema", help=t("schema.help"), description=t("schema.description"))
    p.add_argument("kind", nargs="?", default="all", choices=_KINDS, help=t("schema.opt.kind"))
    p.add_argument("-o", "--output", type=Path, help=t("schema.opt.output"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print (or write) the schema."""
    text = json.dumps(schemas(args.kind), indent=2, ensure_ascii=False) + "\n"
    if args.output is not None:
        from mentormatch.io.writers import atomic_write_text

        atomic_write_text(args.output, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK
