"""The `keepintouch` command line: a thin click layer over the domain.

Global options (`--db`, `--config`, `--today`) build one `Env`; each command
module registers its commands on `main`. Running without a command opens the
app.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from keepintouch import __version__
from keepintouch.cli.context import Env, parse_with
from keepintouch.clock import Clock
from keepintouch.config import default_config_path
from keepintouch.store import default_db_path
from keepintouch.timespec import parse_date


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
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


# Command modules register themselves on `main` when imported.
from keepintouch.cli import app_commands, daily, data, insights, people, transfer  # noqa: E402,F401
