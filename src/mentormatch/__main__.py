"""``python -m mentormatch``: the command line (see docs/cli.md)."""

from __future__ import annotations

import sys

from mentormatch.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
