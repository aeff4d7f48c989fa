"""`vdir-sync DIR`: two-way sync with a folder of `.vcf` cards (khard, vdirsyncer).

The cards are read first, the database is written in one transaction, and
the changed cards and the sync state last: a sync cut short is planned
again, from the same state, on the next run.

With `vdir` in the config, every command whose change reaches a card
(`actions.vdir.reaches_cards`) syncs after it (`follow_change`).
"""

from __future__ import annotations

from pathlib import Path

import click

from keepintouch.actions.base import Outcome
from keepintouch.actions.vdir import reaches_cards, stamps_of, sync_vdir
from keepintouch.cli import main
from keepintouch.cli.context import Env, pass_env
from keepintouch.cli.output import say
from keepintouch.domain.model import Network
from keepintouch.interchange import InterchangeError
from keepintouch.interchange.vdir import Folder, SyncPlan, folder_lock, read_folder, write_cards
from keepintouch.store.json_file import FileRefused, LockTimeout


@main.command("vdir-sync")
@click.argument("folder", type=click.Path(path_type=Path), required=False)
@click.option("--dry-run", is_flag=True, help="Say what would change, change nothing.")
@click.option("--emptied", is_flag=True, help="The folder was emptied on purpose: archive everyone whose card is gone.")
@pass_env
def vdir_sync(env: Env, folder: Path | None, dry_run: bool, emptied: bool) -> None:
    """Sync people with a vdir FOLDER (one .vcf card per contact), both ways.

    Without FOLDER, the config's `vdir`."""
    if folder is None:
        if not env.settings.vdir:
            raise click.ClickException("which folder? Give it (vdir-sync DIR) or set vdir in the config")
        folder = Path(env.settings.vdir)
    if dry_run:
        env.merge_copies = False  # a dry run changes nothing, not even by merging copies
        try:
            cards = read_folder(folder, emptied=emptied)
        except (InterchangeError, OSError) as error:
            raise click.ClickException(str(error)) from None
        network = env.store.network() if env.db_path.exists() else Network()
        outcome, _ = sync_vdir(network, env.moment, cards, stamps_of(env.store))
        say(f"Dry run, nothing changed. {outcome.message}")
        return
    try:
        _sync(env, folder, emptied=emptied, quiet=False)
    except InterchangeError as error:
        raise click.ClickException(str(error)) from None
    except LockTimeout:
        raise click.ClickException(f"another keepintouch kept syncing {folder}; try again in a moment") from None
    except (FileRefused, OSError) as error:
        raise click.ClickException(f"could not write to {folder} ({error}); run vdir-sync again to finish") from None


def follow_change(env: Env, network: Network, outcome: Outcome) -> None:
    """After a change that reaches a card, sync the config's vdir; say on stderr only what it changed.

    The change itself is saved: a folder that cannot be synced is said on
    stderr, and the command still succeeds.
    """
    if not reaches_cards(network, outcome):
        return
    try:
        _sync(env, Path(env.settings.vdir), quiet=True)
    except (InterchangeError, FileRefused, OSError) as error:
        say(f"Address book not synced: {error}; run vdir-sync to finish.", err=True)


def _sync(env: Env, folder: Path, *, emptied: bool = False, quiet: bool) -> None:
    """Under the folder's lock: read it, plan against the newest network and save, then
    write the changed cards and the state."""
    lock = folder_lock(folder)
    lock.acquire(on_wait=lambda: say(f"Waiting for another keepintouch to finish syncing {folder}…", err=True))
    try:
        _sync_locked(env, read_folder(folder, emptied=emptied), quiet=quiet)
    finally:
        lock.release()


def _sync_locked(env: Env, cards: Folder, *, quiet: bool) -> None:
    plans: list[SyncPlan] = []
    changed_at = stamps_of(env.store)

    def action(network: Network) -> Outcome:
        outcome, plan = sync_vdir(network, env.moment, cards, changed_at)
        plans.append(plan)
        return outcome

    env.follow_cards = False  # the sync's own changes are in step already
    try:
        outcome = env.apply(action, say=not quiet)
    finally:
        env.follow_cards = True
    write_cards(cards, plans[-1])
    if quiet and plans[-1].changes:  # on stderr, like merged copies: stdout may be JSON
        say(outcome.message, err=True)
