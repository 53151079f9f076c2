"""placeholder"""

from typing import Any


def solve_request(payload: dict[str, Any]) -> dict[str, Any]:
    """Placeholder."""
    raise NotImplementedError
