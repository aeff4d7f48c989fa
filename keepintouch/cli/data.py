"""Commands that look after the data itself: where it lives, backups, the config file."""

from __future__ import annotations

from pathlib import Path

import click

from keepintouch.cli import main
from keepintouch.cli.context import Env, pass_env, tell_waiting
from keepintouch.cli.output import say
from keepintouch.store.config import TEMPLATE, templates_dir
from keepintouch.store.database import StoreError, restore_backup


@main.command()
@pass_env
def where(env: Env) -> None:
    """Show where your database, backups, config file and draft templates live."""
    say(f"Database: {env.db_path}")
    say(f"Backups:  {env.db_path.parent / 'backups'}")
    say(f"Config:   {env.config_path}" + ("" if env.config_path.exists() else " (not created; defaults apply)"))
    templates = templates_dir(env.config_path)
    say(f"Drafts:   {templates}" + (" (your templates)" if templates.is_dir() else " (your own templates go here; none yet)"))


@main.command()
@pass_env
def backup(env: Env) -> None:
    """Make a backup of your database now."""
    try:
        path = env.store.backup_now()
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    say(f"Backed up to {path}")


@main.command()
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@pass_env
def restore(env: Env, file: Path) -> None:
    """Restore the database from a backup FILE or a `keepintouch export json` file.

    Your current state is backed up first. A file that is not a keepintouch
    database or export (an empty file, another program's data) is refused.
    """
    # Not through env.store: restoring must work when the database itself is unreadable.
    try:
        saved = restore_backup(env.db_path, file, env.clock, on_lock_wait=tell_waiting)
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    say(f"Restored from {file}." + (f" The state before is saved in {saved}." if saved else ""))


@main.command()
@click.option("--init", is_flag=True, help="Write a documented config file with the defaults.")
@pass_env
def config(env: Env, init: bool) -> None:
    """Show the config file's path and settings, or create it."""
    path = env.config_path
    if init:
        if path.exists():
            raise click.ClickException(f"{path} exists already; edit it with your editor.")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TEMPLATE, encoding="utf-8")
        say(f"Wrote {path}")
        return
    say(f"# {path}" + ("" if path.exists() else " (not created yet: `keepintouch config --init`)"))
    for key, value in vars(env.settings).items():
        say(f"{key} = {value}" if isinstance(value, int) else f'{key} = "{value}"')
