"""Opening the app: `keepintouch` (on your database) and `keepintouch demo`."""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from pathlib import Path

import click

from keepintouch.cli import main
from keepintouch.cli.context import Env, pass_env
from keepintouch.domain.clock import Clock
from keepintouch.domain.model import Settings
from keepintouch.store.config import ConfigError, load_settings
from keepintouch.store.database import Store, StoreError


def _open(store: Store, clock: Clock, settings: Settings, config_path: Path, notes: list[str] | None = None) -> None:
    from keepintouch.tui import make_app  # Textual loads only when the app opens

    make_app(store, clock, settings, config_path, notes=notes).run()


def run_app(env: Env) -> None:
    """Open the app on the user's database; it shows what came in from other devices' copies."""
    env.say_merges = False
    _open(env.store, env.clock, env.settings, env.config_path, env.merge_lines)


@main.command()
@pass_env
def demo(env: Env) -> None:
    """Try the app on a fresh demo network of 26 people.

    The demo lives in a temporary folder and is gone when you quit: your own
    database and config are never written. --today applies; your config's
    settings (theme, budget) are used, but never its vdir: the demo's people
    must not reach your address book.
    """
    from keepintouch.actions.demo import write_demo_db

    try:
        settings = dataclasses.replace(load_settings(env.config_path), vdir="")
    except ConfigError:
        settings = Settings()
    with tempfile.TemporaryDirectory(prefix="keepintouch-demo-") as folder:
        path = Path(folder) / "demo.json"
        config = Path(folder) / "config.toml"
        if env.config_path.is_file():
            shutil.copyfile(env.config_path, config)
        try:
            write_demo_db(path, env.clock)
            store = Store(path, env.clock, backup_count=1)
        except StoreError as error:
            raise click.ClickException(str(error)) from None
        _open(store, env.clock, settings, config)
