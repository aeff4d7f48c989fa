"""What every command needs: the clock, the settings and the store.

Built once per invocation from the global options, lazily, so that
`keepintouch --version` or `--help` never opens the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TypeVar

import click

from keepintouch.actions.base import ActionError, Moment, Outcome, write
from keepintouch.actions.people import find_person
from keepintouch.cli.output import say as say_line
from keepintouch.domain.clock import Clock
from keepintouch.domain.model import Contact, Network, Settings
from keepintouch.store.config import ConfigError, load_settings
from keepintouch.store.database import Store, StoreError

T = TypeVar("T")


@dataclass
class Env:
    """The global options, turned into live objects on first use."""

    db_path: Path
    config_path: Path
    clock: Clock = field(default_factory=Clock)
    #: What merging the sync tools' conflict copies said when the store opened (see `store`).
    merge_lines: list[str] = field(default_factory=list)
    #: Print those lines (a command) or leave them to the app to show.
    say_merges: bool = True
    #: Merge conflict copies at all (not in a dry run, which must change nothing).
    merge_copies: bool = True
    #: Sync the config's vdir after a change that reaches a card (not from within a sync).
    follow_cards: bool = True

    @cached_property
    def settings(self) -> Settings:
        try:
            return load_settings(self.config_path)
        except ConfigError as error:
            raise click.ClickException(str(error)) from None

    @cached_property
    def store(self) -> Store:
        """The database, with the conflict copies other devices left beside it merged in."""
        try:
            store = Store(
                self.db_path, self.clock, backup_count=self.settings.backup_count, on_lock_wait=tell_waiting
            )
            if self.merge_copies:
                self.merge_lines = store.merge_conflict_copies()
        except StoreError as error:
            raise click.ClickException(str(error)) from None
        if self.say_merges:
            for line in self.merge_lines:
                click.echo(line, err=True)
        return store

    @property
    def today(self) -> date:
        return self.clock.today()

    @property
    def moment(self) -> Moment:
        return Moment(self.clock.today(), self.settings)

    def apply(self, action: Callable[[Network], Outcome], *, say: bool = True) -> Outcome:
        """Run an action on the newest network inside one transaction, write what it returns
        and print its confirmation; its `ActionError` becomes the command's one-line error."""
        try:
            with self.store.transaction() as tx:
                network = tx.network()
                outcome = action(network)
                write(tx, outcome)
        except ActionError as error:
            raise click.ClickException(str(error)) from None
        except StoreError as error:
            raise click.ClickException(str(error)) from None
        if say and outcome.message:
            say_line(outcome.message)
        if self.follow_cards and self.settings.vdir and outcome.changes:
            from keepintouch.cli.vdir import follow_change  # the card formats load only with a vdir set

            follow_change(self, network, outcome)
        return outcome


pass_env = click.make_pass_decorator(Env)


def tell_waiting(notice: str) -> None:
    """Say on stderr why a command is waiting for another keepintouch to finish saving."""
    say_line(notice, err=True)


def parse_with(parser: Callable[[str], T]) -> Callable[[click.Context, click.Parameter, str | None], T | None]:
    """A click callback running one of our parsers, its ValueError shown as a usage error."""

    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> T | None:
        if value is None:
            return None
        try:
            return parser(value)
        except ValueError as error:
            raise click.BadParameter(str(error)) from None

    return callback


def find_contact(network: Network, name: str) -> Contact:
    """Resolve NAME (see `actions.people.find_person`); several or no matches end the command with one line."""
    try:
        return find_person(network, name)
    except ActionError as error:
        raise click.ClickException(str(error)) from None
