"""The `keepintouch` command line: a thin click layer over the domain.

Global options (`--db`, `--config`, `--today`) build one `Env`; each command
module registers its commands on `main`. Running without a command opens the
app.

Command modules are imported when one of their commands runs (or for
`--help`), not all at start: `import` and `export` alone pull in every file
format, and the app and `keepintouch today` should not pay for that.

Any `StoreError` that reaches the top (records are decoded on first use, so
one can surface deep inside any command, or as the app starts) is shown as
its one line, with exit code 1: never a traceback.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import click

from keepintouch import __version__
from keepintouch.cli.context import Env, parse_with
from keepintouch.domain.clock import Clock
from keepintouch.domain.safe_text import for_terminal
from keepintouch.domain.timespec import parse_date
from keepintouch.store.config import default_config_path
from keepintouch.store.database import StoreError, default_db_path

#: The module (in keepintouch.cli) that registers each command.
COMMAND_MODULES: dict[str, str] = {
    **dict.fromkeys(("add", "edit", "list", "show"), "people"),
    **dict.fromkeys(
        ("agenda", "done-promise", "energy", "log", "news", "pause", "promise", "resume", "skip", "snooze",
         "today", "unsnooze"),
        "daily",
    ),
    **dict.fromkeys(("backup", "config", "restore", "where"), "data"),
    "demo": "app_commands",
    "draft": "drafting",
    **dict.fromkeys(("export", "import"), "transfer"),
    "merge": "merging",
    "stats": "insights",
    "vdir-sync": "vdir",
}


@contextmanager
def terminal_safe_errors() -> Iterator[None]:
    """Error messages quote names and file contents: show their control characters as U+FFFD."""
    try:
        yield
    except click.ClickException as error:
        # click's stubs call `message` final; click itself only reads it when the error is shown.
        error.message = for_terminal(error.message)  # type: ignore[misc]
        raise


class LazyGroup(click.Group):
    """A group that imports a command's module when the command is asked for.

    It also makes every error message safe for the terminal, wherever it is raised.
    """

    def make_context(self, *args, **kwargs) -> click.Context:
        with terminal_safe_errors():
            return super().make_context(*args, **kwargs)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMAND_MODULES.get(cmd_name)
        if module is not None and cmd_name not in self.commands:
            importlib.import_module(f"keepintouch.cli.{module}")
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> object:
        with terminal_safe_errors():
            try:
                return super().invoke(ctx)
            except StoreError as error:
                raise click.ClickException(str(error)) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        for module in sorted(set(COMMAND_MODULES.values())):
            importlib.import_module(f"keepintouch.cli.{module}")
        return super().list_commands(ctx)


@click.group(cls=LazyGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="keepintouch")
@click.option(
    "--db",
    "db_path",
    type=click.Path(path_type=Path, dir_okay=False),
    envvar="KEEPINTOUCH_DB",
    help="Database file (default: in your user data folder; env KEEPINTOUCH_DB).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    envvar="KEEPINTOUCH_CONFIG",
    help="Config file (default: in your user config folder; env KEEPINTOUCH_CONFIG).",
)
@click.option("--today", callback=parse_with(parse_date), metavar="YYYY-MM-DD", help="Behave as if today were this date.")
@click.pass_context
def main(ctx: click.Context, db_path: Path | None, config_path: Path | None, today: date | None) -> None:
    """Keep your network alive with small, sincere gestures.

    Without a command, opens the app.
    """
    ctx.obj = Env(
        db_path=db_path or default_db_path(),
        config_path=config_path or default_config_path(),
        clock=Clock(today),
    )
    if ctx.invoked_subcommand is None:
        from keepintouch.cli.app_commands import run_app

        run_app(ctx.obj)
