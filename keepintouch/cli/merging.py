"""`keepintouch merge FILE…`: another version of your database, merged in on request.

Conflict copies left by Syncthing, Dropbox or Nextcloud are merged by
themselves whenever keepintouch starts (`Env.store`); this command is for the
other ways a second version arrives: a git merge, a backup from another
machine, a copy sent by mail, a `keepintouch export json` file. Merging is
record by record and field by field (`store/merge.py`); the given files are
never changed.
"""

from __future__ import annotations

from pathlib import Path

import click

from keepintouch.cli import main
from keepintouch.cli.context import Env, pass_env
from keepintouch.store.database import StoreError


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Show what would come in; change nothing.")
@pass_env
def merge(env: Env, files: tuple[Path, ...], dry_run: bool) -> None:
    """Merge other versions of your database (FILE…) into it, record by record.

    A FILE is a copy of the database or a `keepintouch export json` file.
    For each person, touch, promise or date both have, each field keeps its
    latest change (an export knows only when each record last changed).
    Your database is backed up first; the files are left as they are.
    """
    env.merge_copies = not dry_run
    store = env.store
    failed = []
    for file in files:
        if file.expanduser().absolute() == store.path:
            failed.append(f"{file} is your database itself; give another version of it.")
            continue
        try:
            report = store.merge_copy(file, dry_run=dry_run)
        except StoreError as error:
            failed.append(str(error))
            continue
        click.echo(report.line(str(file), dry_run=dry_run))
    for line in failed:
        click.echo(f"Error: {line}", err=True)
    if failed:
        raise SystemExit(1)
