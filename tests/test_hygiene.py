"""The layers hold: the contracts in pyproject.toml, checked by import-linter from the test suite too.

CI also runs `lint-imports`; running it here means a plain `pytest` catches
an import that crosses a layer (or brings Textual into the domain) as well.
"""

from __future__ import annotations

import os
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).parents[1]


def test_the_import_contracts_are_kept(capsys) -> None:
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    finally:
        os.chdir(cwd)
    assert code == 0, capsys.readouterr().out


def test_every_layer_is_a_folder() -> None:
    """A newcomer sees the layers in the tree: no module sits beside them."""
    package = ROOT / "keepintouch"
    loose = sorted(p.name for p in package.glob("*.py") if p.name not in {"__init__.py", "__main__.py"})
    layers = sorted(p.name for p in package.iterdir() if (p / "__init__.py").exists())
    assert loose == []
    assert layers == ["actions", "cli", "domain", "engine", "interchange", "store", "tui"]
