"""The app syncs with the config's vdir when it starts."""

from __future__ import annotations

from pathlib import Path

from tui_harness import SIZE, demo_app, settle, stored, until

from keepintouch.domain.model import Settings
from keepintouch.interchange.vdir import STATE_NAME


async def test_the_app_syncs_with_the_vdir_when_it_starts(tmp_path: Path) -> None:
    vdir = tmp_path / "contacts"
    vdir.mkdir()
    (vdir / "phone.vcf").write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:p1\r\nFN:Zoe Phone\r\nEND:VCARD\r\n")
    app = demo_app(tmp_path, Settings(vdir=str(vdir)))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, (vdir / STATE_NAME).exists, "the sync state written")
        await settle(pilot)
        network = stored(tmp_path)
        zoe = next(c for c in network.contacts if c.name == "Zoe Phone")
        assert zoe.rhythm == "none"
        active = [c for c in network.contacts if not c.archived]
        assert len(cards_under(vdir)) == len(active)


async def test_no_vdir_in_the_config_writes_no_folder(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not cards_under(tmp_path)


def cards_under(folder: Path) -> list[Path]:
    return list(folder.rglob("*.vcf"))
