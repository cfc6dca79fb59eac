"""The core is Qt-free: only kkletter/gui/ may import PySide6."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "kkletter"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_core_module_imports_qt() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "gui" in path.relative_to(PACKAGE).parts:
            continue
        qt = {
            m for m in _imported_modules(path) if m.split(".")[0] in {"PySide6", "PyQt5", "PyQt6"}
        }
        if qt:
            offenders.append(f"{path.relative_to(PACKAGE.parent)}: {sorted(qt)}")
    assert offenders == []


def test_core_modules_load_without_loading_qt() -> None:
    core = sorted(
        "kkletter." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts)
        for p in PACKAGE.rglob("*.py")
        if "gui" not in p.relative_to(PACKAGE).parts
        and p.name != "__main__.py"
        # Alembic loads the register's migration scripts itself; they import nothing of Qt
        # (the test above reads them) but only run inside an Alembic migration.
        and "migrations" not in p.relative_to(PACKAGE).parts
    )
    code = (
        "import importlib, sys\n"
        f"for name in {core!r}:\n"
        "    importlib.import_module(name.removesuffix('.__init__'))\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PACKAGE.parent
    )
    assert result.stdout.strip() == "[]"
