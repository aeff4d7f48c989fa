"""`vdir-sync DIR`: two-way sync with a folder of `.vcf` cards (khard, vdirsyncer).

The cards are read first, the database is written in one transaction, and
the changed cards and the sync state last: a sync cut short is planned
again, from the same state, on the next run.
"""

from __future__ import annotations

from pathlib import Path

import click

from keepintouch.actions.base import Outcome
from keepintouch.actions.vdir import stamps_of, sync_vdir
from keepintouch.cli import main
from keepintouch.cli.context import Env, pass_env
from keepintouch.cli.output import say
from keepintouch.domain.model import Network
from keepintouch.interchange import InterchangeError
from keepintouch.interchange.vdir import SyncPlan, read_folder, write_cards
from keepintouch.store.json_file import FileRefused


@main.command("vdir-sync")
@click.argument("folder", type=click.Path(path_type=Path), required=False)
@click.option("--dry-run", is_flag=True, help="Say what would change, change nothing.")
@pass_env
def vdir_sync(env: Env, folder: Path | None, dry_run: bool) -> None:
    """Sync people with a vdir FOLDER (one .vcf card per contact), both ways.

    Without FOLDER, the config's `vdir`."""
    if folder is None:
        if not env.settings.vdir:
            raise click.ClickException("which folder? Give it (vdir-sync DIR) or set vdir in the config")
        folder = Path(env.settings.vdir)
    try:
        cards = read_folder(folder)
    except (InterchangeError, OSError) as error:
        raise click.ClickException(str(error)) from None
    plans: list[SyncPlan] = []

    changed_at = stamps_of(env.store)

    def action(network: Network) -> Outcome:
        outcome, plan = sync_vdir(network, env.moment, cards, changed_at)
        plans.append(plan)
        return outcome

    if dry_run:
        env.merge_copies = False  # a dry run changes nothing, not even by merging copies
        network = env.store.network() if env.db_path.exists() else Network()
        outcome, _ = sync_vdir(network, env.moment, cards, changed_at)
        say(f"Dry run, nothing changed. {outcome.message}")
        return
    env.apply(action)
    try:
        write_cards(cards, plans[-1])
    except (FileRefused, OSError) as error:
        raise click.ClickException(f"could not write to {folder} ({error}); run vdir-sync again to finish") from None
