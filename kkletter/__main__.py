"""Entry point: `kkletter` with no arguments opens the desktop app; otherwise the CLI."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Start the desktop app without arguments, else run the command line."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        from kkletter.gui.app import run_app

        return int(run_app())
    from kkletter.cli import main as cli_main

    return int(cli_main(args))


if __name__ == "__main__":
    raise SystemExit(main())
