"""Pictures of the main screens on the demo data, frozen on 2026-11-23.

The scenes are the ones `screenshots/make.py` photographs for the README.
`snap_compare` works only in plain `def` tests. Review the report before
accepting changes with `pytest --snapshot-update`.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from tui_harness import SIZE, demo_app

_SCRIPT = Path(__file__).parents[1] / "screenshots" / "make.py"
_spec = importlib.util.spec_from_file_location("screenshot_scenes", _SCRIPT)
assert _spec is not None and _spec.loader is not None
scenes = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scenes)


@pytest.mark.parametrize("scene", ["main", "capture", "draft", "snooze", "pause", "help", "insights"])
def test_screen(snap_compare, tmp_path: Path, scene: str) -> None:
    assert snap_compare(demo_app(tmp_path), terminal_size=SIZE, run_before=scenes.SCENES[scene])
