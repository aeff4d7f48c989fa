"""The folder vdir-sync writes is one khard reads: khard lists every person, and their channels."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from keepintouch.cli import main

TODAY = date(2026, 11, 23)


def test_khard_lists_the_folder_vdir_sync_writes(tmp_path: Path) -> None:
    def run(*args: str) -> None:
        result = CliRunner().invoke(
            main, ["--db", str(tmp_path / "db.json"), "--config", str(tmp_path / "c.toml"), "--today", TODAY.isoformat(), *args]
        )
        assert result.exit_code == 0, result.output

    book = tmp_path / "book"
    book.mkdir()
    run("add", "Ada Lovelace", "--email", "ada@x.org", "--org", "Analytical Engines")
    run("add", "Zoë Müller", "--phone", "+49 30 1234")
    run("vdir-sync", str(book))
    config = tmp_path / "khard.conf"
    config.write_text(f"[addressbooks]\n[[book]]\npath = {book}\n[general]\ndefault_action = list\n")
    khard = Path(sys.executable).with_name("khard")
    listed = subprocess.run([str(khard), "-c", str(config), "list"], capture_output=True, text=True, check=True).stdout
    assert "Ada Lovelace" in listed and "ada@x.org" in listed
    assert "Zoë Müller" in listed and "+49 30 1234" in listed
