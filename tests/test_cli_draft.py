"""`keepintouch draft`: drafts for suggestions in both languages, and `--check`, through click's runner."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from keepintouch.actions.demo import write_demo_db
from keepintouch.cli import main
from keepintouch.domain.clock import Clock
from keepintouch.engine.drafting import DRAFT_KINDS
from keepintouch.store.database import Store

TODAY = date(2026, 11, 23)


@pytest.fixture
def run(tmp_path: Path):
    write_demo_db(tmp_path / "db.json", Clock(TODAY))

    def run(*args: str, code: int = 0) -> Result:
        result = CliRunner().invoke(
            main, ["--db", str(tmp_path / "db.json"), "--config", str(tmp_path / "config.toml"), "--today", TODAY.isoformat(), *args]
        )
        assert result.exit_code == code, result.output
        return result

    return run


def test_json_has_the_documented_keys(run) -> None:
    data = json.loads(run("draft", "julia", "--json").stdout)
    assert set(data) == {"contact", "kind", "trigger", "language", "text", "hints"}
    assert data["contact"] == "Julia Nowak" and data["trigger"] == "birthday" and data["kind"] == "congrats"
    assert data["language"] == "en" and "birthday" in data["text"].casefold() and data["hints"] == []


def test_the_text_alone_goes_to_stdout_and_what_to_know_to_stderr(run) -> None:
    result = run("draft", "bruno")
    assert result.stdout.strip() and "You wrote" not in result.stdout
    assert "You wrote on 4 Sep; a light touch that needs no answer fits" in result.stderr
    assert "?" not in result.stdout


def test_the_configs_language_is_the_default(run, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('language = "de"\n', encoding="utf-8")
    data = json.loads(run("draft", "julia", "--json").stdout)
    assert data["language"] == "de" and "Geburtstag" in data["text"]


def test_every_person_gets_a_draft_in_both_languages(run, tmp_path: Path) -> None:
    store = Store(tmp_path / "db.json", Clock(TODAY))
    names = [c.name for c in store.network().contacts]
    for language in ("en", "de"):
        (tmp_path / "config.toml").write_text(f'language = "{language}"\n', encoding="utf-8")
        for name in names:
            data = json.loads(run("draft", name, "--json").stdout)
            assert data["language"] == language and data["text"].strip() and "{" not in data["text"]


@pytest.mark.parametrize("kind", DRAFT_KINDS)
def test_kind_asks_for_a_light_touch(run, kind: str) -> None:
    data = json.loads(run("draft", "ada", "--kind", kind, "--json").stdout)
    assert data["kind"] == kind and "?" not in data["text"]


def test_check_names_chains_and_hidden_asks(run) -> None:
    data = json.loads(run("draft", "--check", "Hast du es gesehen? Kurze Frage noch.", "--json").stdout)
    assert len(data["hints"]) == 2
    assert json.loads(run("draft", "--check", "Congratulations on the new role!", "--json").stdout) == {"hints": []}
    assert "Reads kindly" in run("draft", "--check", "Congratulations!").stdout


def test_check_with_a_light_kind_or_a_person_names_a_question(run) -> None:
    assert json.loads(run("draft", "--check", "Nice post, which tool?", "--json").stdout) == {"hints": []}
    (hint,) = json.loads(run("draft", "--check", "Nice post, which tool?", "--kind", "react", "--json").stdout)["hints"]
    assert "meant to need no answer" in hint
    # Bruno: you await his reply, so anything you send now is meant to need no answer.
    (hint,) = json.loads(run("draft", "bruno", "--check", "Any thoughts?", "--json").stdout)["hints"]
    assert "meant to need no answer" in hint


def test_mistakes_are_one_clear_line(run, tmp_path: Path) -> None:
    assert "say whom to draft for" in run("draft", code=2).output
    assert "nothing to check" in run("draft", "--check", "  ", code=2).output
    assert "called 'zed'. See `keepintouch list`" in run("draft", "zed", code=1).output
    (tmp_path / "templates" / "en").mkdir(parents=True)
    (tmp_path / "templates" / "en" / "share.txt").write_text("Hi {name}\n", encoding="utf-8")
    result = run("draft", "ada", code=1)
    assert "share.txt: add one variant that needs no facts" in result.output and "Traceback" not in result.output


def test_the_users_templates_are_used(run, tmp_path: Path) -> None:
    (tmp_path / "templates" / "en").mkdir(parents=True)
    (tmp_path / "templates" / "en" / "birthday.txt").write_text("Many happy returns[[, {name}]].\n", encoding="utf-8")
    assert run("draft", "julia").stdout == "Many happy returns, Julia.\n"
