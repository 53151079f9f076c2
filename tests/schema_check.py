"""A small JSON Schema checker for the keywords our schemas use (no ``jsonschema`` needed).

Covers ``$ref`` (local ``#/$defs/...``), ``type``, ``properties``, ``required``,
``additionalProperties``, ``items``, ``anyOf``, ``enum``, ``pattern``,
``minLength``, ``minItems``, ``minimum``, ``maximum``, ``exclusiveMinimum``.
Returns the JSON Pointers of the values that fail.
"""

from __future__ import annotations

import re
from typing import Any

_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def errors(schema: dict[str, Any], value: Any, root: dict[str, Any] | None = None,
           at: str = "") -> list[str]:
    root = root if root is not None else schema
    if "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith("#/$defs/"):
            return []  # an external schema (another $id): not followed here
        target = root["$defs"][ref.split("/")[-1]]
        return errors(target, value, root, at)
    out: list[str] = []
    t = schema.get("type")
    if t is not None:
        if t == "integer":
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif t == "number":
            ok = isinstance(value, int | float) and not isinstance(value, bool)
        else:
            ok = isinstance(value, _TYPES[t])
        if not ok:
            return [at]
    if "anyOf" in schema and all(errors(s, value, root, at) for s in schema["anyOf"]):
        return [at]
    if "enum" in schema and value not in schema["enum"]:
        return [at]
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            out.append(at)
        if len(value) < schema.get("minLength", 0):
            out.append(at)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            out.append(at)
        if "maximum" in schema and value > schema["maximum"]:
            out.append(at)
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            out.append(at)
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            out.append(at)
        if "items" in schema:
            for i, v in enumerate(value):
                out += errors(schema["items"], v, root, f"{at}/{i}")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                out.append(f"{at}/{key}")
        extra = schema.get("additionalProperties", True)
        for key, v in value.items():
            if key in props:
                out += errors(props[key], v, root, f"{at}/{key}")
            elif extra is False:
                out.append(f"{at}/{key}")
            elif isinstance(extra, dict):
                out += errors(extra, v, root, f"{at}/{key}")
    return out
