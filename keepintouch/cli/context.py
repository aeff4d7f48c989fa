"""What every command needs: the clock, the settings and the store.

Built once per invocation from the global options, lazily, so that
`keepintouch --version` or `--help` never opens the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

import click

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

    @cached_property
    def settings(self) -> Settings:
        try:
            return load_settings(self.config_path)
        except ConfigError as error:
            raise click.ClickException(str(error)) from None

    @cached_property
    def store(self) -> Store:
        try:
            return Store(self.db_path, self.clock, backup_count=self.settings.backup_count)
        except StoreError as error:
            raise click.ClickException(str(error)) from None

    @property
    def today(self):
        return self.clock.today()


pass_env = click.make_pass_decorator(Env)


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


def find_contact(network: Network, name: str, *, include_archived: bool = True) -> Contact:
    """Resolve NAME: an exact name (any case), else a unique prefix, else a unique substring.

    Raises a click error listing the candidates when NAME is ambiguous, so the
    user can type a few more letters.
    """
    wanted = name.strip().casefold()
    people = [c for c in network.contacts if include_archived or not c.archived]
    for matcher in (
        lambda c: c.name.casefold() == wanted,
        lambda c: c.name.casefold().startswith(wanted),
        lambda c: wanted in c.name.casefold(),
    ):
        found = [c for c in people if matcher(c)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = ", ".join(sorted(c.name for c in found)[:10])
            raise click.ClickException(f"'{name}' matches {len(found)} people: {names}. Type a little more of the name.")
    raise click.ClickException(f"nobody called '{name}'. See `keepintouch list` for names.")
