"""Imports run one way: core imports neither textual nor tinydb; only store imports tinydb."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import trust_tui

PACKAGE = Path(trust_tui.__file__).parent


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_core_source_imports_no_ui_and_no_database():
    for path in (PACKAGE / "core").rglob("*.py"):
        assert not imported_roots(path) & {"textual", "tinydb", "rich"}, path


def test_the_hub_works_on_the_core_alone():
    for path in (PACKAGE / "net").rglob("*.py"):
        assert not imported_roots(path) & {"textual", "tinydb", "rich"}, path


def test_only_store_imports_tinydb_and_only_ui_imports_textual():
    for path in PACKAGE.rglob("*.py"):
        roots = imported_roots(path)
        part = path.relative_to(PACKAGE).parts[0]
        if "tinydb" in roots:
            assert part == "store", path
        if "textual" in roots:
            assert part == "ui", path


def test_importing_core_loads_neither_textual_nor_tinydb():
    code = ("import sys, trust_tui.core, trust_tui.core.export, trust_tui.core.demo;"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual','tinydb')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
