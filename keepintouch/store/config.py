"""The user's preferences, read from a documented TOML file.

The file lives in the platform's config directory (`KEEPINTOUCH_CONFIG`
overrides it); a missing file means all defaults. A wrong value is reported
with the key's name, because a silently ignored setting is worse than none.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import fields
from pathlib import Path

import platformdirs

from keepintouch.domain.model import BUDGET_PERIODS, Settings, normalize_language
from keepintouch.domain.timespec import normalize_rhythm
from keepintouch.store.json_file import FileRefused, read_input

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

#: The documented template written by `keepintouch config --init`.
TEMPLATE = """\
# keepintouch settings. Every key is optional; these are the defaults.

# How many people a period offers for a plain rhythm touch, and the period:
# "day", "week" (Monday to Sunday) or "month". Each stays offered until you
# touch or skip them or the period ends; touching someone who was due counts
# too (with "day", each day picks afresh). Birthdays, news and promises are
# shown on top. Small on purpose: "one or two names a month are enough".
# (The older `daily_budget = N` still works and means `budget = N` with
# `budget_period = "day"`.)
budget = 2
budget_period = "week"

# Rhythm given to people you add by hand without --rhythm (and offered by the
# app's Add form): weekly, biweekly, monthly, quarterly, twice-a-year, yearly,
# none, or like 45d, 6w, 2m. Imported people get none unless you say so.
default_rhythm = "monthly"

# How many daily backups to keep beside the database.
backup_count = 7

# A Textual theme name (choose one in the app with ctrl+p, it is remembered).
theme = "textual-dark"

# The optional weekly communication window: its day and length in minutes.
window_day = "friday"
window_minutes = 15

# The language of message drafts for people who have none of their own
# (`keepintouch edit NAME --language de`): "en" or "de" built in; add your
# own in the `templates` folder next to this file.
language = "en"

# A vdir folder (one .vcf card per contact, as khard and vdirsyncer keep
# them) to keep in step with: when the app starts, and after every change
# that reaches a card; `keepintouch vdir-sync` without a folder uses it
# too. Empty: no syncing.
vdir = ""
"""


#: The whole-number keys and their allowed ranges.
_RANGES = {"budget": (1, 20), "daily_budget": (1, 10), "backup_count": (1, 365), "window_minutes": (5, 120)}


class ConfigError(ValueError):
    """A config problem, phrased as one line for the user."""


def default_config_path() -> Path:
    """`$KEEPINTOUCH_CONFIG`, else `config.toml` in the platform's config dir."""
    env = os.environ.get("KEEPINTOUCH_CONFIG")
    if env:
        return Path(env).expanduser()
    return platformdirs.user_config_path("keepintouch") / "config.toml"


def templates_dir(config_path: Path) -> Path:
    """The folder of the user's own draft templates: `templates` next to the config file."""
    return config_path.parent / "templates"


def load_settings(path: Path) -> Settings:
    """Read and validate the config file; defaults for what it does not say."""
    if not path.exists():
        return Settings()
    try:
        raw = tomllib.loads(read_input(path).decode("utf-8"))
    except FileRefused as error:
        raise ConfigError(f"config {error}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read config {path}: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"config {path} is not valid TOML: {error}") from None
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(raw) - known - {"daily_budget"})
    if unknown:
        raise ConfigError(f"config {path}: unknown key '{unknown[0]}' (known: {', '.join(sorted(known))})")
    if "daily_budget" in raw and {"budget", "budget_period"} & set(raw):
        raise ConfigError(
            f"config {path}: 'daily_budget' is the older name of 'budget' with budget_period = \"day\"; keep only one"
        )
    settings = Settings()
    for key, value in raw.items():
        checked = _validate(path, key, value)
        if key == "daily_budget":
            settings.budget, settings.budget_period = checked, "day"  # type: ignore[assignment]
        else:
            setattr(settings, key, checked)
    return settings


def _validate(path: Path, key: str, value: object) -> object:
    def bad(expected: str) -> ConfigError:
        return ConfigError(f"config {path}: '{key}' must be {expected}, not {value!r}")

    if key in _RANGES:
        low, high = _RANGES[key]
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise bad(f"a whole number from {low} to {high}")
        return value
    if not isinstance(value, str):
        raise bad("a string")
    if key == "default_rhythm":
        try:
            return normalize_rhythm(value)
        except ValueError:
            raise bad("a rhythm like monthly or 6w") from None
    if key == "language":
        try:
            return normalize_language(value) or "en"
        except ValueError:
            raise bad('a language code like "en" or "de"') from None
    if key == "budget_period":
        if value.lower() not in BUDGET_PERIODS:
            raise bad('"day", "week" or "month"')
        return value.lower()
    if key == "vdir":
        return str(Path(value).expanduser()) if value.strip() else ""
    if key == "window_day":
        if value.lower() not in WEEKDAYS:
            raise bad("a weekday name")
        return value.lower()
    return value


def remember(path: Path, **values: str | int) -> None:
    """Change keys in the config file, keeping the user's comments and layout.

    Setting `budget` or `budget_period` removes the older `daily_budget`,
    which may not stand beside them.
    """
    import tomlkit  # only for writing: reading uses tomllib, and every start-up reads

    path.parent.mkdir(parents=True, exist_ok=True)
    text = path.read_text(encoding="utf-8") if path.exists() else TEMPLATE
    document = tomlkit.parse(text)
    if {"budget", "budget_period"} & set(values) and "daily_budget" in document:
        del document["daily_budget"]
    for name, item in values.items():
        document[name] = item
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(tomlkit.dumps(document), encoding="utf-8")
    os.replace(tmp, path)
