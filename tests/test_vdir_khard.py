"""The folder vdir-sync writes is one khard reads: khard lists every person, their channels and birthdays."""

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
    (book / "phone.vcf").write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:p1\r\nFN:Bo Yang\r\nN:Yang;Bo;;;\r\nEND:VCARD\r\n")
    run("vdir-sync", str(book))
    run("edit", "Ada Lovelace", "--birthday", "1815-12-10")
    run("edit", "Bo Yang", "--birthday", "1980-04-02", "--tag", "chess")
    run("vdir-sync", str(book))
    config = tmp_path / "khard.conf"
    config.write_text(f"[addressbooks]\n[[book]]\npath = {book}\n[general]\ndefault_action = list\n")
    khard = Path(sys.executable).with_name("khard")
    listed = subprocess.run([str(khard), "-c", str(config), "list"], capture_output=True, text=True, check=True).stdout
    assert "Ada Lovelace" in listed and "ada@x.org" in listed
    assert "Zoë Müller" in listed and "+49 30 1234" in listed
    birthdays = subprocess.run([str(khard), "-c", str(config), "birthdays"], capture_output=True, text=True, check=True).stdout
    dates = {line.split("  ")[0]: line for line in birthdays.splitlines()}  # a 4.0 card we wrote, a 3.0 card we changed
    assert all(part in dates["Ada Lovelace"] for part in ("12", "10", "15"))
    assert all(part in dates["Bo Yang"] for part in ("04", "02", "80"))
    shown = subprocess.run([str(khard), "-c", str(config), "show", "Bo Yang"], capture_output=True, text=True, check=True).stdout
    assert "chess" in shown and "UID: p1" in shown
