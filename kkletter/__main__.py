"""Entry point: `kkletter` (or `kkletter KLADDE.toml`) opens the desktop app; else the CLI."""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Start the desktop app without arguments or with a draft, else run the command line.

    A draft given alone (`kkletter brev.toml`, as a double-click on a draft does) is
    opened in the app; a missing or broken one is reported there, in Danish.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or (len(args) == 1 and is_draft_argument(args[0])):
        from kkletter.gui.app import run_app

        return int(run_app([sys.argv[0] if sys.argv else "kkletter", *args]))
    from kkletter.cli import main as cli_main

    return int(cli_main(args))


def console_main() -> int:
    """Run `main` as the `kkletter` process: the entry point of the installed command.

    When the process is about to end, Python's last garbage collections walk every object
    still alive; after `check` of a megabyte of Markdown that is millions of blocks and
    tokens, a second of exit time for nothing (issue 8). Freezing them first skips that
    walk; reference counting still frees them, and the OS takes the rest.
    """
    code = main()
    gc.freeze()
    return code


def is_draft_argument(arg: str) -> bool:
    """Return whether `arg` names a draft file rather than a command or an option."""
    return not arg.startswith("-") and arg.lower().endswith(".toml")


if __name__ == "__main__":
    raise SystemExit(console_main())
