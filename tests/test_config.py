"""The config file: documented defaults, clear errors naming the key."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from keepintouch.domain.model import Settings
from keepintouch.store.config import TEMPLATE, ConfigError, load_settings, remember


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "nope.toml") == Settings()


def test_template_is_valid_and_equals_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(TEMPLATE)
    assert load_settings(path) == Settings()
    assert set(tomllib.loads(TEMPLATE)) == set(vars(Settings()))


def test_values_are_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('budget = 3\nbudget_period = "Month"\ndefault_rhythm = "Quarterly"\nwindow_day = "Monday"\n')
    settings = load_settings(path)
    assert (settings.budget, settings.budget_period, settings.default_rhythm, settings.window_day) == (
        3,
        "month",
        "quarterly",
        "monday",
    )


def test_the_default_budget_is_two_a_week(tmp_path: Path) -> None:
    assert (Settings().budget, Settings().budget_period) == (2, "week")


def test_the_old_daily_budget_key_still_means_a_budget_per_day(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("daily_budget = 3\n")
    settings = load_settings(path)
    assert (settings.budget, settings.budget_period) == (3, "day")
    assert settings == Settings(daily_budget=3) == Settings(budget=3, budget_period="day")


def test_the_old_and_new_budget_keys_together_are_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('daily_budget = 3\nbudget_period = "week"\n')
    with pytest.raises(ConfigError, match="keep only one"):
        load_settings(path)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("daily_budget = 0", "daily_budget"),
        ("budget = 0", "budget"),
        ("budget = 21", "budget"),
        ('budget_period = "fortnight"', "budget_period"),
        ("budget_period = 7", "budget_period"),
        ('daily_budget = "2"', "daily_budget"),
        ("backup_count = true", "backup_count"),
        ('default_rhythm = "often"', "default_rhythm"),
        ('window_day = "someday"', "window_day"),
        ("colour = 1", "colour"),
    ],
)
def test_invalid_value_names_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=f"'{key}'") as error:
        load_settings(path)
    assert "\n" not in str(error.value)


def test_broken_toml_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("daily_budget = = 2")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(path)


def test_remember_keeps_comments(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(TEMPLATE)
    remember(path, theme="nord")
    text = path.read_text()
    assert 'theme = "nord"' in text and "# How many daily backups" in text
    assert load_settings(path).theme == "nord"


def test_remembering_a_budget_replaces_the_older_daily_budget(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# mine\ndaily_budget = 3\n")
    remember(path, budget=2, budget_period="month")
    settings = load_settings(path)
    assert (settings.budget, settings.budget_period) == (2, "month")
    assert "# mine" in path.read_text() and "daily_budget" not in path.read_text()
