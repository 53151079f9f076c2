"""A stock of tablets and 4G keys to lend, held for a territory, an association or everyone."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydantic import Field, field_validator

from mentormatch.domain._base import FrozenModel
from mentormatch.domain._text import suggest
from mentormatch.errors import InputProblem

if TYPE_CHECKING:
    from mentormatch.domain.people import Student

__all__ = ["ITEMS", "NATIONAL", "EquipmentStock", "check_stocks"]

#: The items that can be lent, in the order of ``Pair.lent``.
ITEMS: tuple[str, str] = ("device", "connection")

#: The scope of a stock open to every pupil.
NATIONAL = "*"


class EquipmentStock(FrozenModel):
    """Devices (tablets, computers) and connections (4G keys) that may be lent to pupils.

    ``EquipmentStock("93-QPV-0001", devices=40, connections=25)``.

    A stock *covers* a pupil when its ``scope`` is the pupil's territory code
    (``Student.location.territory``), the pupil's association
    (``Student.association``) or ``"*"`` (every pupil). A pupil without a
    device (or a connection) may then be paired remotely when one is lent to
    them from a stock covering them; each lent item comes from exactly one
    such stock, chosen by the optimisation (see ``docs/equipment.md``).

    Parameters
    ----------
    scope : str
        A territory code, an association or ``"*"``.
    devices, connections : int
        Items in the stock (at least 0).
    """

    scope: str = Field(min_length=1)
    devices: int = Field(default=0, ge=0, le=10_000_000)
    connections: int = Field(default=0, ge=0, le=10_000_000)

    def __init__(self, scope: Any = None, devices: Any = None, connections: Any = None, /,
                 **data: Any) -> None:
        for name, value in (("scope", scope), ("devices", devices),
                            ("connections", connections)):
            if value is not None:
                data[name] = value
        super().__init__(**data)

    @field_validator("scope", mode="before")
    @classmethod
    def _normalise(cls, value: Any) -> Any:
        if isinstance(value, str):
            return unicodedata.normalize("NFC", value.strip())
        return value

    def count(self, item: str) -> int:
        """Items of kind ``item`` (``"device"`` or ``"connection"``)."""
        return self.devices if item == "device" else self.connections


def check_stocks(stocks: Sequence[EquipmentStock],
                 students: Sequence[Student]) -> list[InputProblem]:
    """Every problem of a list of stocks: a scope given twice, a scope covering no pupil.

    Rows are 0-based indices in ``stocks``; the source is ``"equipment"``.
    """
    problems: list[InputProblem] = []
    known = {s.association for s in students if s.association} | {
        s.location.territory for s in students if s.location and s.location.territory}
    counts = Counter(st.scope for st in stocks)
    for i, st in enumerate(stocks):
        if counts[st.scope] > 1:
            problems.append(InputProblem(
                "duplicate_scope", f"the scope {st.scope!r} has {counts[st.scope]} stocks "
                "(give one line per scope)", i, "scope", st.scope, "equipment"))
        elif st.scope != NATIONAL and st.scope not in known:
            hints = suggest(st.scope, known, n=2) if len(known) < 50_000 else []
            hint = f"; did you mean {', '.join(map(repr, hints))}?" if hints else ""
            problems.append(InputProblem(
                "unknown_scope", f"no pupil has the territory or association {st.scope!r}"
                f"{hint} (use '*' for a national stock)", i, "scope", st.scope, "equipment"))
    return problems
