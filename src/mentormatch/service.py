"""JSON in, JSON out: the versioned contract for services.

* :func:`request_schema` — the JSON Schema of a match request
  ``{"students": [...], "mentors": [...], "policy": {...}}`` (plus
  ``previous`` and ``equipment`` when this version of the library supports them);
* :func:`result_schema` — the JSON Schema of the result document
  (``result.json``, :func:`mentormatch.result.export.to_dict`);
* :func:`solve_request` — a request ``dict`` in, a result ``dict`` out, or an
  RFC 9457 *problem details* ``dict`` whose ``errors`` locate each problem by
  a JSON Pointer (``/students/0/level``).

Both schemas carry ``$id`` and ``version`` and are generated from the models,
with the value patterns of :mod:`mentormatch.domain.patterns` (tested to agree
with the library). See ``docs/service.md``.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

from mentormatch._version import __version__
from mentormatch.domain import Mentor, Policy, Problem, Student
from mentormatch.domain import patterns as pat
from mentormatch.errors import Cancelled, InputError, InputProblem, ProblemTooLargeError
from mentormatch.pipeline import match

__all__ = ["CONTRACT_VERSION", "REQUEST_SCHEMA_ID", "RESULT_SCHEMA_ID", "problem_details",
           "request_schema", "result_schema", "solve_request"]

#: Version of the request/result contract (both schemas' ``version``).
CONTRACT_VERSION = "1"
#: ``$id`` of the request schema.
REQUEST_SCHEMA_ID = f"urn:mentormatch:schema:request:{CONTRACT_VERSION}"
#: ``$id`` of the result schema.
RESULT_SCHEMA_ID = f"urn:mentormatch:schema:result:{CONTRACT_VERSION}"
#: ``type`` of the problem details of an invalid request.
INVALID_REQUEST = "urn:mentormatch:problem:invalid-request"

_DRAFT = "https://json-schema.org/draft/2020-12/schema"

_MODEL_TEXT = {
    "Student": "A young person to pair with a volunteer. Values are checked and "
               "canonicalised: IDs are trimmed, levels, subjects and days accept French and "
               "English spellings with or without accents.",
    "Mentor": "A volunteer (mentor or tutor): what they teach up to which level, when, "
              "where and how many pupils they can follow.",
    "Policy": "The rules and weights of the match. Every field is optional; omitted "
              "fields take the library's defaults, which suit the French use case.",
    "Location": "Where a person is: WGS84 latitude and longitude, and optional "
                "administrative labels.",
    "SubjectOffer": "A subject or theme a volunteer offers, up to the highest school "
                    "level they teach.",
    "Weights": "Weights of the soft criteria of the cost of a pair (0 switches one off).",
}


def _plain(text: str) -> str:
    """Numpydoc markup out: ``literals`` and :role:`targets` become plain text."""
    text = re.sub(r":\w+:`~?([^`]+)`", lambda m: m.group(1).split(".")[-1], text)
    text = text.replace("``", "'")
    return " ".join(text.split())


def _field_texts(model: type) -> dict[str, str]:
    """Field name → its description, read from the model's numpydoc ``Parameters``."""
    doc = inspect.getdoc(model) or ""
    lines = doc.splitlines()
    out: dict[str, str] = {}
    names: list[str] = []
    buf: list[str] = []
    inside = False
    for i, line in enumerate(lines):
        if line.strip() in ("Parameters", "Attributes") and i + 1 < len(lines) \
                and set(lines[i + 1].strip()) == {"-"}:
            inside = True
            continue
        if not inside or set(line.strip()) == {"-"}:
            continue
        if line and not line.startswith(" "):
            for n in names:
                out[n] = _plain(" ".join(buf))
            names = [n.strip() for n in line.split(":")[0].split(",")]
            buf = []
        elif line.strip():
            buf.append(line.strip())
    for n in names:
        out[n] = _plain(" ".join(buf))
    return {k: v for k, v in out.items() if v}


def _describe(defs: dict[str, Any]) -> None:
    """Integrator descriptions: model text, field text from the docstrings, no numpydoc."""
    models = {"Student": Student, "Mentor": Mentor, "Policy": Policy}
    from mentormatch.domain.people import Location, SubjectOffer
    from mentormatch.domain.policy import Weights

    models.update({"Location": Location, "SubjectOffer": SubjectOffer, "Weights": Weights})
    for name, schema in defs.items():
        schema["description"] = _MODEL_TEXT.get(name, _plain(schema.get("description", "")))
        texts = _field_texts(models[name]) if name in models else {}
        for field, prop in schema.get("properties", {}).items():
            prop.pop("title", None)
            if field in texts and "description" not in prop:
                prop["description"] = texts[field]


def _value_patterns(defs: dict[str, Any]) -> None:
    """Levels, subjects, availability and tags: the patterns the library agrees with."""
    text = pat.LIMITS["text"]
    defs["Level"] = {
        "type": "string", "pattern": pat.level_pattern(),
        "description": "A school level: CP, CE1, CE2, CM1, CM2, 6e, 5e, 4e, 3e, 2de, 1re, "
                       "Tle or post-bac, also in usual spellings ('6ème', 'sixième', "
                       "'Terminale', 'seconde'). " + text,
        "examples": ["6e", "6ème", "CM2", "Terminale"]}
    defs["Subject"] = {
        "type": "string", "pattern": pat.subject_pattern(),
        "description": "A subject or theme of the vocabulary ('maths', 'français', 'SVT', "
                       "'aide aux devoirs', 'orientation', ...), with its aliases. "
                       + pat.LIMITS["subject"] + " " + text,
        "examples": ["maths", "Français", "histoire-géo"]}
    defs["Availability"] = {
        "type": "string", "pattern": pat.availability_pattern(),
        "description": "Weekly windows: a day (French or English, full or short) or days "
                       "('lun, mer', 'lun-ven'), then times 'HH', 'HH:MM' or 'HHhMM' on the "
                       "30-minute grid; groups separated by ';' or '|'. Empty: never "
                       "available. " + pat.LIMITS["availability"] + " " + text,
        "examples": ["lun 17:00-19:00; mer 14:00-18:00", "mon 17-19", "samedi 9h-12h"]}
    defs["PriorityTag"] = {
        "type": "string", "pattern": pat.tag_pattern(),
        "description": "A priority tag with a weight in the policy ('qpv', 'no_device', "
                       "'key_worker_child', ...). " + pat.LIMITS["tag"] + " " + text}
    level, subject = {"$ref": "#/$defs/Level"}, {"$ref": "#/$defs/Subject"}
    st = defs["Student"]["properties"]
    st["level"] = {**level, "description": "The pupil's school level."}
    st["needs"]["items"] = subject
    st["availability"] = {"$ref": "#/$defs/Availability"}
    st["priority_tags"]["items"] = {"$ref": "#/$defs/PriorityTag"}
    mp = defs["Mentor"]["properties"]
    mp["availability"] = {"$ref": "#/$defs/Availability"}
    mp["subjects"]["items"] = {"anyOf": [
        {"$ref": "#/$defs/SubjectOffer"},
        {"type": "string", "description": "'subject' or 'subject:max_level', e.g. 'maths:3e' "
                                          "(the text form is checked by the library only)"}]}
    so = defs["SubjectOffer"]["properties"]
    so["subject"] = subject
    so["max_level"] = {**level, "default": "Tle"}


def _supported(name: str) -> bool:
    """Whether this version of :func:`match` or :class:`Problem` takes ``name``."""
    return name in inspect.signature(match).parameters or name in Problem.model_fields


def request_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a match request, with ``$id`` and ``version``."""
    from pydantic.json_schema import models_json_schema

    _, generated = models_json_schema(
        [(Student, "validation"), (Mentor, "validation"), (Policy, "validation")],
        ref_template="#/$defs/{model}")
    defs: dict[str, Any] = generated["$defs"]
    _describe(defs)
    _value_patterns(defs)
    props: dict[str, Any] = {
        "students": {"type": "array", "items": {"$ref": "#/$defs/Student"},
                     "description": "The pupils to pair. IDs are unique among pupils."},
        "mentors": {"type": "array", "items": {"$ref": "#/$defs/Mentor"},
                    "description": "The volunteers. IDs are unique among volunteers (one "
                                   "person may also be a pupil)."},
        "policy": {"$ref": "#/$defs/Policy",
                   "description": "Rules and weights; omitted: the defaults."},
    }
    if _supported("previous"):
        props["previous"] = {"$ref": RESULT_SCHEMA_ID,
                             "description": "The result in force (a result document as "
                                            "returned earlier): pairs are kept when possible."}
    if _supported("equipment"):
        props["equipment"] = {"type": "array", "items": {"type": "object"},
                              "description": "Stocks of devices and connections to lend "
                                             "(scope, devices, connections)."}
    return {
        "$schema": _DRAFT, "$id": REQUEST_SCHEMA_ID, "version": CONTRACT_VERSION,
        "title": "mentormatch match request",
        "description": "Pupils, volunteers and the policy of one match. References between "
                       "people (excluded_mentors, excluded_students, current_mentor) must "
                       "name existing IDs, and subjects and tags must be known: the library "
                       "checks these across the request and reports every problem at once.",
        "type": "object", "required": ["students", "mentors"],
        "additionalProperties": False, "properties": props, "$defs": defs,
    }


def _typed_dict_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    """JSON Schema of a type of the result document (TypedDicts become ``$defs``)."""
    import types
    import typing

    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is Any:
        return {}
    if tp is type(None):
        return {"type": "null"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is str:
        return {"type": "string"}
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_typed_dict_schema(a, defs) for a in args]}
    if origin is typing.Literal:
        return {"enum": list(args)}
    if origin in (list, tuple):
        return {"type": "array", "items": _typed_dict_schema(args[0], defs) if args else {}}
    if origin is dict:
        return {"type": "object",
                "additionalProperties": _typed_dict_schema(args[1], defs) if args else {}}
    if typing.is_typeddict(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}
            from mentormatch.result import summary

            hints = typing.get_type_hints(tp, localns=vars(summary), include_extras=True)
            props: dict[str, Any] = {}
            required = []
            for key, hint in hints.items():
                if typing.get_origin(hint) is typing.NotRequired:
                    hint = typing.get_args(hint)[0]
                else:
                    required.append(key)
                props[key] = _typed_dict_schema(hint, defs)
            doc = _plain((inspect.getdoc(tp) or "").split("\n\n")[0])
            texts = _result_texts().get(name, {})
            for key, prop in props.items():
                if key in texts:
                    prop["description"] = texts[key]
            defs[name] = {"type": "object", "description": doc, "properties": props,
                          "required": required}
        return {"$ref": f"#/$defs/{name}"}
    return {}


def _result_texts() -> dict[str, dict[str, str]]:
    """Field descriptions of the result's parts, from the result model's docstrings."""
    from mentormatch.result import model

    return {"CertificateDict": _field_texts(model.Certificate),
            "PairDict": _field_texts(model.Pair),
            "ReasonDict": _field_texts(model.Reason),
            "MatchSummary": {}, "ResultDocument": {
                "mentormatch_version": "Version of the library that wrote the result.",
                "policy": "The policy used, every field (defaults included).",
                "problem_sha256": "SHA-256 of the canonical JSON of the pupils, volunteers "
                                  "and policy matched: the same inputs give the same hash.",
                "inputs": "Input files by role: name (never a folder), SHA-256 and size.",
                "certificate": "The proof of optimality."}}


def result_schema() -> dict[str, Any]:
    """The JSON Schema of the result document, with ``$id`` and ``version``.

    Generated from the typed shape :class:`mentormatch.result.document.ResultDocument`
    that the writer and the reader share.
    """
    from mentormatch.result.document import ResultDocument

    defs: dict[str, Any] = {}
    _typed_dict_schema(ResultDocument, defs)
    top = defs.pop("ResultDocument")
    top["properties"]["format"] = {"type": "string", "pattern": "^mentormatch\\.result/[0-9]+$",
                                   "description": "'mentormatch.result/' and the version of "
                                                  "this document's layout"}
    return {
        "$schema": _DRAFT, "$id": RESULT_SCHEMA_ID, "version": CONTRACT_VERSION,
        "title": "mentormatch result",
        "description": "The result of a match: pairs with their weekly session, unmatched "
                       "pupils with machine-readable reasons, every volunteer's load, the "
                       "optimality certificate, the library version (mentormatch_version), "
                       "the policy used and the SHA-256 of the inputs (problem_sha256).",
        "type": "object", "properties": top["properties"], "required": top["required"],
        "$defs": defs,
    }


def problem_details(error: Exception) -> dict[str, Any]:
    """An exception as RFC 9457 problem details (``type``, ``title``, ``status``, ``detail``).

    An :class:`~mentormatch.InputError` gives status 422 and ``errors``: one entry
    per problem with its ``code``, ``detail`` and ``pointer`` (a JSON Pointer into
    the request, such as ``/students/0/level``).
    """
    if isinstance(error, InputError):
        errors = [_entry(p) for p in error.problems]
        return {"type": INVALID_REQUEST, "title": "The request is not valid",
                "status": 422, "detail": f"{len(errors)} problem(s) in the request",
                "errors": errors}
    if isinstance(error, ProblemTooLargeError):
        return {"type": "urn:mentormatch:problem:too-large", "title": "Too large",
                "status": 413, "detail": str(error)}
    if isinstance(error, Cancelled):
        return {"type": "urn:mentormatch:problem:cancelled", "title": "Cancelled",
                "status": 503, "detail": str(error)}
    return {"type": "urn:mentormatch:problem:internal", "title": "Internal error",
            "status": 500, "detail": f"{type(error).__name__}: {error}"}


def _entry(p: InputProblem) -> dict[str, Any]:
    pointer = p.pointer
    if pointer is None:  # a file's place: not a request's
        pointer = ""
    out: dict[str, Any] = {"code": p.code, "detail": p.message, "pointer": pointer}
    if isinstance(p.value, str | int | float | bool):
        out["value"] = p.value
    return out


def _check_shape(payload: Any) -> list[InputProblem]:
    if not isinstance(payload, dict):
        raise InputError.single("wrong_type", "the request must be a JSON object", field="")
    problems = []
    allowed = {"students", "mentors", "policy"} | {n for n in ("previous", "equipment")
                                                    if _supported(n)}
    for key in payload:
        if key not in allowed:
            problems.append(InputProblem("unknown_field", f"unknown member {key!r}; expected "
                                         f"{', '.join(sorted(allowed))}", field=str(key)))
    for key in ("students", "mentors"):
        if key not in payload:
            problems.append(InputProblem("missing_field", f"{key!r} is required", field=key))
        elif not isinstance(payload[key], list):
            problems.append(InputProblem("wrong_type", f"{key!r} must be an array", field=key))
    if "policy" in payload and not isinstance(payload["policy"], dict):
        problems.append(InputProblem("wrong_type", "'policy' must be an object",
                                     field="policy"))
    return problems


def solve_request(payload: dict[str, Any], *, time_limit: float | None = None
                  ) -> dict[str, Any]:
    """Match a request: a ``dict`` in, a ``dict`` out (for services; no I/O).

    Parameters
    ----------
    payload : dict
        A request as :func:`request_schema` describes: ``students``,
        ``mentors``, optional ``policy`` (and ``previous``, ``equipment`` when
        supported).
    time_limit : float, optional
        As :func:`mentormatch.match`.

    Returns
    -------
    dict
        The result document (:func:`result_schema`; ``format`` is
        ``"mentormatch.result/2"``), or problem details (RFC 9457: ``type``,
        ``title``, ``status``, ``detail`` and, for an invalid request,
        ``errors`` with JSON Pointers). Tell them apart by ``"status" in out``.
        Never raises for bad input.
    """
    from mentormatch.result.export import to_dict

    try:
        shape = _check_shape(payload)
        if any(p.field in ("students", "mentors", "policy") for p in shape):
            raise InputError(shape)
        data = {k: payload[k] for k in ("students", "mentors", "policy", "equipment")
                if k in payload}
        try:
            problem = Problem.model_validate(data)
        except InputError as exc:  # every problem at once: the shape's and the people's
            raise InputError([*shape, *exc.problems]) from None
        if shape:
            raise InputError(shape)
        kwargs: dict[str, Any] = {}
        if payload.get("previous") is not None:
            from mentormatch.result.read import result_from_document

            kwargs["previous"] = result_from_document(payload["previous"], source="previous")
        result = match(problem, time_limit=time_limit, **kwargs)
        return dict(to_dict(result))
    except (InputError, ProblemTooLargeError, Cancelled) as exc:
        return problem_details(exc)
    except Exception as exc:
        return problem_details(exc)


def _version_note() -> str:  # pragma: no cover - informational
    return f"mentormatch {__version__}, contract {CONTRACT_VERSION}"
