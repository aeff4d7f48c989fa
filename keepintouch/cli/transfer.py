"""`import` and `export`: a thin click layer over `keepintouch.interchange`.

Exit codes of `import`: 0 all records imported (or already there); 2 imported,
but some records were skipped (each listed on stderr with file and line);
1 nothing imported, because a file could not be read or the database could
not be written. (Click also exits with 2 on a usage error such as an unknown
option; then nothing is imported and the message says so.)
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from keepintouch.actions.base import write
from keepintouch.actions.importing import import_people
from keepintouch.cli import main
from keepintouch.cli.context import Env, parse_with, pass_env
from keepintouch.cli.output import say
from keepintouch.domain.model import Network
from keepintouch.domain.phrasing import plural
from keepintouch.domain.timespec import normalize_rhythm
from keepintouch.interchange import (
    FORMATS,
    ImportOptions,
    ImportPlan,
    InterchangeError,
    export_json,
    export_vcards,
    read_batches,
)
from keepintouch.interchange.plan import Batch
from keepintouch.store.database import StoreError
from keepintouch.store.json_file import FileRefused, atomic_write

#: Imports with at least this many records show a progress bar (on a terminal).
PROGRESS_FROM = 1000
EXIT_SKIPPED = 2


@contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr for big imports, only when stderr is a terminal."""
    if total < PROGRESS_FROM or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=total, label="Importing", file=sys.stderr) as bar:
        yield bar.update


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="The files' format (default: told from their content).")
@click.option("--dry-run", is_flag=True, help="Show what would be added, merged and skipped; change nothing.")
@click.option("--rhythm", default="none", callback=parse_with(normalize_rhythm), help="Give new people this rhythm (default: none, address book only).")
@click.option("--tag", "tags", multiple=True, help="Add this tag to everyone imported (repeatable).")
@click.pass_context
@pass_env
def import_(env: Env, ctx: click.Context, files: tuple[Path, ...], fmt: str | None, dry_run: bool, rhythm: str, tags: tuple[str, ...]) -> None:
    """Import people from vCard files, LinkedIn, Google or Outlook CSVs, a CSV with a name column, or a keepintouch JSON export.

    People already in your network (same e-mail, profile URL, or name and
    organisation) are merged: empty fields filled, channels and tags added,
    nothing of yours overwritten. Exit code 2: imported, but some records
    were skipped (listed above the summary).
    """
    try:
        batches = read_batches(files, fmt)
    except InterchangeError as error:
        raise click.ClickException(f"{error}. Nothing was imported.") from None
    options = ImportOptions(
        today=env.today,
        now=env.clock.now(),
        settings=env.settings,
        rhythm=rhythm,
        tags=tuple(t.strip() for t in tags if t.strip()),
    )
    try:
        plan = _plan_dry(env, batches, options) if dry_run else _import(env, batches, options)
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    for skipped in plan.skipped:
        say(f"skipped {skipped}", err=True)
    if dry_run:
        for outcome in plan.outcomes:
            if outcome.action != "unchanged":
                say(str(outcome))
    say(plan.summary(dry_run=dry_run))
    if plan.skipped:
        ctx.exit(EXIT_SKIPPED)


def _plan_dry(env: Env, batches: list[Batch], options: ImportOptions) -> ImportPlan:
    """Plan against the database as it is, without creating or locking it."""
    network = env.store.network() if env.db_path.exists() else Network()
    with _progress(sum(len(items) for _, items in batches)) as step:
        return import_people(network, batches, options, step)[0]


def _import(env: Env, batches: list[Batch], options: ImportOptions) -> ImportPlan:
    """Plan against the newest state under the lock and write once (nothing if nothing changed)."""
    total = sum(len(items) for _, items in batches)
    with _progress(total) as step, env.store.transaction() as tx:
        plan, outcome = import_people(tx.network(), batches, options, step)
        write(tx, outcome)
    return plan


# --------------------------------------------------------------------------


@main.command("export")
@click.argument("fmt", metavar="vcard|ics|json", type=click.Choice(["vcard", "ics", "json"]))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to this file (atomically) instead of stdout.")
@click.option("--days", default=28, show_default=True, type=click.IntRange(1, 366), help="ics: how many days of planned touches.")
@pass_env
def export(env: Env, fmt: str, output: Path | None, days: int) -> None:
    """Export your network: vCard 4.0 (address book), iCalendar (dates), or JSON (everything)."""
    try:
        network = env.store.network() if env.db_path.exists() else Network()
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    if fmt == "vcard":
        text = export_vcards(network)
    elif fmt == "ics":
        from keepintouch.interchange.ics import export_ics  # icalendar is slow to import

        text = export_ics(network, env.settings, env.today, env.clock.now(), days=days)
    else:
        text = export_json(network, env.clock.now())
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        atomic_write(output, text.encode("utf-8"))
    except FileRefused as error:
        raise click.ClickException(f"{error}; nothing was written") from None
    except OSError as error:
        raise click.ClickException(f"cannot write {output}: {error.strerror or error}") from None
    people = len(network.contacts)
    say(f"Exported {plural(people, 'person')} to {output}.")
