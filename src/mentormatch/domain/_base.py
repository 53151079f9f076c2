"""Base model and the conversion of pydantic errors into :class:`InputError`."""

from __future__ import annotations

import types
import typing
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from mentormatch.errors import InputError, InputProblem

__all__ = ["FrozenModel", "problems_from_validation", "validate_raw"]

#: pydantic error types → our codes (anything else keeps pydantic's type as code).
_CODE_OF: dict[str, str] = {
    "missing": "missing_field",
    "extra_forbidden": "unknown_field",
    "finite_number": "not_finite",
    "greater_than_equal": "out_of_range",
    "greater_than": "out_of_range",
    "less_than_equal": "out_of_range",
    "less_than": "out_of_range",
    "string_too_short": "empty_value",
    "too_short": "empty_value",
    "value_error": "invalid_value",
    "int_parsing": "wrong_type",
    "invalid_number": "invalid_number",
    "int_from_float": "wrong_type",
    "int_type": "wrong_type",
    "float_parsing": "wrong_type",
    "float_type": "wrong_type",
    "bool_parsing": "wrong_type",
    "bool_type": "wrong_type",
    "string_type": "wrong_type",
    "list_type": "wrong_type",
    "dict_type": "wrong_type",
    "model_type": "wrong_type",
    "tuple_type": "wrong_type",
    "date_from_datetime_parsing": "wrong_type",
    "date_parsing": "wrong_type",
    "enum": "invalid_choice",
    "literal_error": "invalid_choice",
}


def problems_from_validation(
    exc: ValidationError,
    *,
    source: str | None = None,
    row: int | None = None,
    field_map: dict[str, str] | None = None,
) -> list[InputProblem]:
    """Turn a pydantic ``ValidationError`` into :class:`InputProblem` objects.

    Parameters
    ----------
    exc : ValidationError
        The error raised by pydantic.
    source : str, optional
        File name or entity kind to record in each problem.
    row : int, optional
        Row to record. When ``None``, a leading integer in the error location
        (an index in a list of students, say) is used as the row.
    field_map : dict, optional
        Model field → column name, so that problems name the column a
        coordinator sees in the file.
    """
    problems: list[InputProblem] = []
    errors = exc.errors(include_url=False)
    # A list whose items failed also reports "too short" (0 valid items): noise.
    failed_items = {tuple(e["loc"][:-1]) for e in errors if e["type"] != "too_short"
                    and len(e["loc"]) > 1 and isinstance(e["loc"][-1], int)}
    failed_items |= {tuple(e["loc"][:-2]) for e in errors if len(e["loc"]) > 2
                     and isinstance(e["loc"][-2], int)}
    for err in errors:
        loc = list(err.get("loc", ()))
        if err.get("type") == "too_short" and tuple(loc) in failed_items:
            continue
        this_row = row
        this_source = source
        # Problem(students=[...]) errors look like ("students", 3, "level").
        if len(loc) >= 2 and loc[0] in ("students", "mentors") and isinstance(loc[1], int):
            this_source = this_source or str(loc[0])
            this_row = loc[1] if this_row is None else this_row
            loc = loc[2:]
        elif this_row is None and loc and isinstance(loc[0], int):
            this_row = loc[0]
            loc = loc[1:]
        # Drop pydantic's internal union/function tags from the location.
        parts = [str(p) for p in loc if not (isinstance(p, str) and p.startswith("function-"))]
        field = ".".join(parts) if parts else None
        if field and field_map:
            field = field_map.get(field, field_map.get(parts[0], field))
        etype = str(err.get("type", "invalid"))
        code = _CODE_OF.get(etype, etype)
        msg = str(err.get("msg", "invalid value"))
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        value = err.get("input")
        if etype == "missing":
            value = None
            msg = "this field is required"
        elif etype == "too_short":
            msg = "at least one value is needed"
        elif etype == "extra_forbidden":
            msg = f"unknown field {parts[-1] if parts else ''!r}"
        ctx = err.get("ctx") or {}
        inner = ctx.get("error")
        if isinstance(inner, InputError):
            # a nested model's (or a cross-entity check's) own problems: keep each one,
            # placed under this error's location
            problems.extend(_nested(pr, this_source, this_row, parts, field_map)
                            for pr in inner.problems)
            continue
        if "input_text" in ctx:
            value = ctx["input_text"]
        if isinstance(value, dict | list) and etype not in ("dict_type", "list_type"):
            value = None if etype == "missing" else value
        if etype == "extra_forbidden" or (parts and parts[0] == "extra"):
            value = None  # an unknown or kept column may hold a phone number: never quoted
        problems.append(InputProblem(code, msg, this_row, field, value, this_source))
    return problems


def _nested(problem: InputProblem, source: str | None, row: int | None,
            parts: list[str], field_map: dict[str, str] | None) -> InputProblem:
    """A nested model's problem, placed under the location of the model that holds it."""
    if problem.source is not None or problem.row is not None:
        return problem
    field = ".".join([*parts, problem.field] if problem.field else parts) or None
    if field and field_map:
        head = field.split(".")[0]
        field = field_map.get(field, field_map.get(head, field))
    return InputProblem(problem.code, problem.message, row, field, problem.value, source)


class FrozenModel(BaseModel):
    """Frozen pydantic model: no extra fields, no NaN or infinity.

    Building one with bad data (``Student(...)``, ``Policy.model_validate(...)``)
    raises :class:`~mentormatch.InputError` (a ``ValueError``) listing every
    problem with its field and JSON Pointer, never pydantic's own error type.
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        allow_inf_nan=False,
        str_strip_whitespace=True,
        validate_default=True,
    )

    _kind: ClassVar[str | None] = None

    def __init__(self, /, **data: Any) -> None:
        # pydantic calls a custom __init__ whenever it builds the model, nested ones
        # included: a nested model's InputError reaches the outer validation as a
        # value_error, which problems_from_validation unwraps (_nested)
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise InputError(problems_from_validation(exc)) from None

    @classmethod
    def model_validate(cls, obj: Any, *, strict: bool | None = None,
                       from_attributes: bool | None = None, context: Any | None = None,
                       **kwargs: Any) -> Any:
        """Validate ``obj`` into a model; bad data raises :class:`~mentormatch.InputError`."""
        try:
            return super().model_validate(obj, strict=strict, from_attributes=from_attributes,
                                          context=context, **kwargs)
        except ValidationError as exc:
            raise InputError(problems_from_validation(exc)) from None

    @field_validator("*", mode="before")
    @classmethod
    def _strict_number(cls, value: Any, info: ValidationInfo) -> Any:
        """Refuse what pydantic's lax mode would coerce into a number without a word.

        ``True`` is not a capacity of 1 and ``"1_0"`` is not 10 (Python's digit
        separators): both are ``invalid_number``. Anything else goes to pydantic
        (text that is no number is ``wrong_type``, NaN ``not_finite``).
        """
        if info.field_name is None or info.field_name not in _numeric_fields(cls):
            return value
        if isinstance(value, bool):
            raise PydanticCustomError(
                "invalid_number", "{value} is not a number", {"value": str(value).lower()})
        if isinstance(value, str) and "_" in value:
            raise PydanticCustomError(
                "invalid_number", "{msg}", {"msg": f"{value[:40]!r} is not a number"})
        return value


M = TypeVar("M", bound=BaseModel)
_NUMERIC_FIELDS: dict[type, frozenset[str]] = {}


def _numeric_fields(model: type[BaseModel]) -> frozenset[str]:
    """Names of a model's fields typed ``int`` or ``float`` (optional or not)."""
    found = _NUMERIC_FIELDS.get(model)
    if found is None:
        names = set()
        for name, info in model.model_fields.items():
            ann = info.annotation
            args = typing.get_args(ann) if isinstance(ann, types.UnionType) or (
                typing.get_origin(ann) is typing.Union) else (ann,)
            if any(a in (int, float) for a in args):
                names.add(name)
        found = _NUMERIC_FIELDS[model] = frozenset(names)
    return found


def validate_raw(model: type[M], data: Any) -> M:
    """Validate ``data`` into ``model``, letting pydantic's ``ValidationError`` through.

    For the file readers, which turn it into problems that name the file's
    rows and columns (:func:`problems_from_validation` with a field map).
    """
    return model.__pydantic_validator__.validate_python(data)
