"""The domain never imports Textual: the UI is a thin layer on top of it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "keepintouch"


def _non_ui_modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "tui" not in p.relative_to(PACKAGE).parts]


def _imported_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_module_outside_the_ui_mentions_textual_in_an_import() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(n for n in _imported_names(path) if n.split(".")[0] == "textual")
        for path in _non_ui_modules()
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_importing_every_non_ui_module_leaves_textual_unloaded() -> None:
    modules = sorted(
        "keepintouch." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__")
        for p in _non_ui_modules()
        if p.name != "__main__.py"
    )
    assert "keepintouch.engine.queue" in modules and "keepintouch.store.database" in modules
    code = "import importlib, sys\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    code += "print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
