"""The daily-use commands, through click's runner, checking stored data and JSON shapes."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from keepintouch import __version__
from keepintouch.cli import main
from keepintouch.domain.clock import Clock
from keepintouch.domain.model import Contact, Occasion, PartialDate, Promise, Touch
from keepintouch.store.database import Store

TODAY = date(2026, 11, 23)


class Kit:
    """Runs commands against one database with a fixed date."""

    def __init__(self, tmp_path: Path) -> None:
        self.db = tmp_path / "db.json"
        self.config = tmp_path / "config.toml"
        self.runner = CliRunner()

    def run(self, *args: str, today: date = TODAY, ok: bool = True) -> Result:
        result = self.runner.invoke(
            main, ["--db", str(self.db), "--config", str(self.config), "--today", today.isoformat(), *args]
        )
        if ok:
            assert result.exit_code == 0, result.output
        return result

    def json(self, *args: str, today: date = TODAY) -> object:
        return json.loads(self.run(*args, "--json", today=today).stdout)

    def store(self, today: date = TODAY) -> Store:
        return Store(self.db, Clock(today))

    def contact(self, name: str) -> Contact:
        return next(c for c in self.store().network().contacts if c.name == name)

    def fails_cleanly(self, *args: str, code: int | None = None) -> Result:
        """A bad command: non-zero exit, one short line of error, database untouched."""
        before = self.db.read_bytes() if self.db.exists() else None
        result = self.run(*args, ok=False)
        assert result.exit_code != 0, result.output
        if code is not None:
            assert result.exit_code == code
        error_lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert error_lines and error_lines[-1].startswith("Error"), result.stderr
        assert "Traceback" not in result.output
        assert (self.db.read_bytes() if self.db.exists() else None) == before
        return result


@pytest.fixture
def kit(tmp_path: Path) -> Kit:
    kit = Kit(tmp_path)
    kit.run("add", "Ada Lovelace", "--rhythm", "monthly", "--tag", "math", "--email", "ada@example.org", "--org", "Analytical Engines")
    kit.run("add", "Alan Turing", "--rhythm", "quarterly", "--birthday", "--06-23")
    kit.run("add", "Grace Hopper", "--birthday", "1906-12-09", "--role", "Rear admiral")
    return kit


def test_version_and_module_entry_point() -> None:
    assert CliRunner().invoke(main, ["--version"]).output.strip().endswith(__version__)
    out = subprocess.run([sys.executable, "-m", "keepintouch", "--version"], capture_output=True, text=True, check=True)
    assert __version__ in out.stdout


def test_add_stores_fields_and_a_spread_first_due(kit: Kit) -> None:
    ada = kit.contact("Ada Lovelace")
    assert (ada.rhythm, ada.tags, ada.emails, ada.org) == ("monthly", ["math"], ["ada@example.org"], "Analytical Engines")
    assert ada.first_due is not None and ada.first_due >= TODAY
    grace = kit.contact("Grace Hopper")  # added by hand: the default rhythm, in the loop
    assert grace.rhythm == "monthly" and grace.first_due is not None
    births = {o.contact_id: o.when.isoformat() for o in kit.store().network().occasions if o.kind == "birthday"}
    assert births[grace.id] == "1906-12-09" and births[kit.contact("Alan Turing").id] == "--06-23"


def test_adding_many_never_makes_them_due_on_one_day(tmp_path: Path) -> None:
    kit = Kit(tmp_path)
    for n in range(8):
        kit.run("add", f"Person {n}", "--rhythm", "weekly")
    dues = [c.first_due for c in kit.store().network().contacts]
    assert max(dues.count(d) for d in dues) <= 2  # the default daily budget


def test_add_twice_is_refused(kit: Kit) -> None:
    kit.fails_cleanly("add", "ada lovelace")


@pytest.mark.parametrize(
    "args",
    [
        ("add", "Bob", "--rhythm", "sometimes"),
        ("add", "Bob", "--birthday", "1990-02-30"),
        ("add", "   "),
        ("log", "Ada", "--kind", "poke"),
        ("log", "Ada", "--date", "2026-13-01"),
        ("log", "Ada", "--date", "2026-12-01"),
        ("snooze", "Ada"),
        ("snooze", "Ada", "--for", "soon"),
        ("snooze", "Ada", "--until", "2026-11-01"),
        ("pause", "--for", "2w", "--until", "2026-12-24"),
        ("energy", "manic"),
        ("promise", "Ada", " "),
        ("--today", "yesterday", "today"),
    ],
)
def test_invalid_input_is_one_line_nonzero_and_writes_nothing(kit: Kit, args: tuple[str, ...]) -> None:
    kit.fails_cleanly(*args)


def test_name_matching(kit: Kit) -> None:
    kit.run("log", "ADA LOVELACE", "--note", "exact, any case")
    kit.run("log", "gra", "--note", "unique prefix")
    kit.run("log", "turing", "--note", "unique substring")
    notes = {t.note: t.contact_id for t in kit.store().network().touches}
    assert notes == {
        "exact, any case": kit.contact("Ada Lovelace").id,
        "unique prefix": kit.contact("Grace Hopper").id,
        "unique substring": kit.contact("Alan Turing").id,
    }
    ambiguous = kit.fails_cleanly("log", "a", "--note", "x", code=1)
    assert "Ada Lovelace" in ambiguous.stderr and "Alan Turing" in ambiguous.stderr
    missing = kit.fails_cleanly("show", "Linus", code=1)
    assert "Nobody called 'Linus'" in missing.stderr


def test_log_records_every_flag(kit: Kit) -> None:
    kit.run("log", "Ada", "--kind", "coffee", "--note", "Talked engines", "--date", "2026-11-20", "--asked", "--gave", "--awaiting-reply")
    kit.run("log", "Alan", "--kind", "call", "--inbound", "--note", "He called")
    touches = {t.note: t for t in kit.store().network().touches}
    coffee = touches["Talked engines"]
    assert (coffee.kind, coffee.date, coffee.direction, coffee.asked, coffee.gave, coffee.awaiting_reply) == (
        "coffee", date(2026, 11, 20), "out", True, True, True)
    assert touches["He called"].direction == "in" and touches["He called"].date == TODAY


def test_log_without_note_on_a_terminal_opens_the_editor(kit: Kit, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("keepintouch.cli.daily._interactive", lambda: True)
    prompts: list[str] = []

    def editor(text: str) -> str:
        prompts.append(text)
        return text + "Long call about her new role.\nShe wants an intro to Grace.\n"

    monkeypatch.setattr("click.edit", editor)
    kit.run("log", "Ada", "--kind", "call")
    (touch,) = kit.store().network().touches
    assert touch.note == "Long call about her new role.\nShe wants an intro to Grace."
    assert "call with Ada Lovelace" in prompts[0]


@pytest.mark.parametrize("answer", [None, "", "# Note about your call. Lines starting with # are ignored.\n\n"])
def test_quitting_the_editor_without_a_note_logs_nothing(kit: Kit, monkeypatch: pytest.MonkeyPatch, answer: str | None) -> None:
    """`:q!` makes click.edit return None; an empty or comment-only file is a cancel too."""
    monkeypatch.setattr("keepintouch.cli.daily._interactive", lambda: True)
    monkeypatch.setattr("click.edit", lambda text: answer)
    before = kit.db.read_bytes()
    result = kit.run("log", "Ada", "--kind", "call", ok=False)
    assert result.exit_code == 1 and "Nothing logged" in result.stderr
    assert kit.db.read_bytes() == before


def test_log_without_note_off_a_terminal_stores_an_empty_note(kit: Kit) -> None:
    kit.run("log", "Ada", "--kind", "react")
    (touch,) = kit.store().network().touches
    assert (touch.kind, touch.note) == ("react", "")


def test_show_json_shape(kit: Kit) -> None:
    kit.run("log", "Ada", "--kind", "share", "--gave", "--note", "Sent the paper")
    kit.run("log", "Ada", "--kind", "message", "--asked", "--note", "Asked for a review", "--date", "2026-11-01")
    kit.run("promise", "Ada", "Send the Babbage letters", "--due", "2026-12-01")
    kit.run("news", "Ada", "Published her notes")
    data = kit.json("show", "Ada")
    assert data["name"] == "Ada Lovelace" and data["id"] == kit.contact("Ada Lovelace").id
    assert data["balance"] == {"gave": 1, "asked": 1}
    assert data["next_due"] == (TODAY + timedelta(days=30)).isoformat()
    assert data["touches"][0] == {"date": "2026-11-23", "kind": "share", "direction": "out", "note": "Sent the paper", "asked": False, "gave": True, "awaiting_reply": False}
    assert data["promises"] == [{"text": "Send the Babbage letters", "due": "2026-12-01", "done": False}]
    assert data["occasions"] == [{"kind": "news", "date": "2026-11-23", "label": "Published her notes", "yearly": False}]


def test_list_json_shape_and_tag_filter(kit: Kit) -> None:
    kit.run("log", "Ada", "--date", "2026-11-10")
    rows = kit.json("list")
    assert [r["name"] for r in rows] == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    assert set(rows[0]) == {"id", "name", "org", "tags", "rhythm", "last_touch", "next_due", "snoozed_until", "archived"}
    assert rows[0]["last_touch"] == "2026-11-10" and rows[0]["next_due"] == "2026-12-10"
    assert [r["name"] for r in kit.json("list", "--tag", "MATH")] == ["Ada Lovelace"]


def test_edit_archive_and_rename(kit: Kit) -> None:
    kit.run("edit", "Grace", "--rhythm", "yearly", "--tag", "navy", "--email", "grace@navy.example")
    grace = kit.contact("Grace Hopper")
    assert (grace.rhythm, grace.tags, grace.emails) == ("yearly", ["navy"], ["grace@navy.example"])
    assert grace.first_due is not None
    kit.run("edit", "Grace", "--archive")
    assert [r["name"] for r in kit.json("list")] == ["Ada Lovelace", "Alan Turing"]
    assert "Grace Hopper" not in kit.run("list").stdout
    kit.run("edit", "Grace", "--unarchive", "--rename", "Grace Brewster Hopper")
    assert kit.contact("Grace Brewster Hopper").archived is False


def test_promises_are_kept_one_at_a_time(kit: Kit) -> None:
    kit.run("promise", "Ada", "Send the letters")
    kit.run("promise", "Ada", "Introduce to Babbage", "--due", "2026-11-30")
    kit.fails_cleanly("done-promise", "Ada")
    kit.run("done-promise", "Ada", "babbage")
    promises = {p.text: p for p in kit.store().network().promises}
    assert promises["Introduce to Babbage"].done and promises["Introduce to Babbage"].done_on == TODAY
    assert not promises["Send the letters"].done
    kit.run("done-promise", "Ada")
    kit.fails_cleanly("done-promise", "Ada")


def test_snooze_and_unsnooze(kit: Kit) -> None:
    kit.run("snooze", "Ada", "--for", "2w")
    assert kit.contact("Ada Lovelace").snoozed_until == date(2026, 12, 7)
    kit.run("snooze", "Ada", "--until", "2027-01-05")
    assert kit.contact("Ada Lovelace").snoozed_until == date(2027, 1, 5)
    kit.run("unsnooze", "Ada")
    assert kit.contact("Ada Lovelace").snoozed_until is None


def _names(data: dict) -> list[str]:
    return [s["contact"] for s in data["suggestions"]]


def test_today_json_shape_and_skip(kit: Kit) -> None:
    ada_due = kit.contact("Ada Lovelace").first_due
    data = kit.json("today", today=ada_due)
    assert data["date"] == ada_due.isoformat() and data["paused_until"] is None and data["energy"] == "normal"
    (entry,) = [s for s in data["suggestions"] if s["contact"] == "Ada Lovelace"]
    assert set(entry) == {"contact", "contact_id", "trigger", "reason", "touch", "due", "ask_about"}
    assert entry["trigger"] == "rhythm" and entry["contact_id"] == kit.contact("Ada Lovelace").id
    kit.run("skip", "Ada", today=ada_due)
    assert "Ada Lovelace" not in _names(kit.json("today", today=ada_due))
    # A skip lets her rest for the rest of the budget's week; the next week she is offered again.
    assert "Ada Lovelace" not in _names(kit.json("today", today=ada_due + timedelta(days=1)))
    next_monday = ada_due + timedelta(days=7 - ada_due.weekday())
    assert "Ada Lovelace" in _names(kit.json("today", today=next_monday))


def test_birthday_tomorrow_is_always_suggested(kit: Kit) -> None:
    data = kit.json("today", today=date(2027, 6, 22))
    (turing,) = [s for s in data["suggestions"] if s["contact"] == "Alan Turing"]
    assert turing["trigger"] == "birthday" and turing["touch"] == "congrats"


def test_pause_and_resume(kit: Kit) -> None:
    kit.run("pause", "--for", "2w")
    data = kit.json("today", today=TODAY + timedelta(days=3))
    assert data["paused_until"] == "2026-12-07" and data["suggestions"] == []
    assert "Paused until" in kit.run("today", today=TODAY + timedelta(days=3)).stdout
    kit.run("resume", today=TODAY + timedelta(days=5))
    assert kit.json("today", today=TODAY + timedelta(days=5))["paused_until"] is None


def test_energy_is_for_the_day(kit: Kit) -> None:
    kit.run("energy", "low")
    assert kit.json("today")["energy"] == "low"
    assert kit.json("today", today=TODAY + timedelta(days=1))["energy"] == "normal"


def test_agenda_json_shape(kit: Kit) -> None:
    data = kit.json("agenda", "--days", "5")
    assert [d["date"] for d in data["days"]] == [(TODAY + timedelta(days=n)).isoformat() for n in range(5)]
    assert all(isinstance(d["suggestions"], list) for d in data["days"])


def test_an_empty_queue_gets_the_sentence_that_fits(tmp_path: Path) -> None:
    kit = Kit(tmp_path)
    assert "Start small: add 3–5 people" in kit.run("today").stdout
    kit.run("add", "Ada", "--rhythm", "none")
    assert "Nobody has a rhythm yet" in kit.run("today").stdout
    kit.run("edit", "Ada", "--rhythm", "monthly")
    first_due = kit.contact("Ada").first_due
    assert "Nothing for today. Enjoy the quiet." in kit.run("today", today=first_due - timedelta(days=1)).stdout


def test_commands_see_records_written_by_the_store(tmp_path: Path) -> None:
    kit = Kit(tmp_path)
    store = kit.store()
    with store.transaction() as tx:
        ada = tx.put(Contact(name="Ada", rhythm="weekly"))
        tx.put(Touch(contact_id=ada.id, date=TODAY - timedelta(days=9), kind="call"))
        tx.put(Occasion(contact_id=ada.id, kind="anniversary", when=PartialDate(11, 23, 2020)))
        bob = tx.put(Contact(name="Bob"))
        tx.put(Promise(contact_id=bob.id, text="Send notes", due=TODAY))
    triggers = {s["contact"]: s["trigger"] for s in kit.json("today")["suggestions"]}
    assert triggers == {"Ada": "anniversary", "Bob": "promise"}


def test_backup_and_restore_repair_a_corrupt_database(kit: Kit) -> None:
    out = kit.run("backup").stdout
    backup = Path(out.split("Backed up to ", 1)[1].strip())
    good = backup.read_bytes()
    kit.db.write_text('{"contacts": [broken')
    before = kit.db.read_bytes()
    error = kit.fails_cleanly("list")
    assert str(kit.db) in error.stderr and str(backup) in error.stderr
    assert kit.db.read_bytes() == before
    kit.run("restore", str(backup))
    assert kit.db.read_bytes() == good
    assert [r["name"] for r in kit.json("list")] == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]


def test_where_names_the_files(kit: Kit) -> None:
    out = kit.run("where").stdout
    assert str(kit.db) in out and str(kit.config) in out
    assert f"Drafts:   {kit.config.parent / 'templates'} (your own templates go here; none yet)" in out


def test_each_command_is_found_in_the_module_that_registers_it() -> None:
    import importlib
    import pkgutil

    import keepintouch.cli
    from keepintouch.cli import COMMAND_MODULES

    for info in pkgutil.iter_modules(keepintouch.cli.__path__):
        importlib.import_module(f"keepintouch.cli.{info.name}")
    registered = {name: cmd.callback.__module__.rsplit(".", 1)[1] for name, cmd in main.commands.items()}
    assert registered == COMMAND_MODULES


def test_a_daily_command_loads_neither_the_file_formats_nor_textual(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from keepintouch.cli import main\n"
        f"main(['--db', {str(tmp_path / 'db.json')!r}, '--config', {str(tmp_path / 'c.toml')!r}, 'today'],"
        " standalone_mode=False)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('keepintouch.interchange', 'textual', 'pendulum'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_ask_about_next_time_is_noted_shown_and_kept_changed_or_cleared_when_logging(kit: Kit) -> None:
    kit.run("edit", "Ada", "--ask-about", "her move to Lisbon")
    ada_due = kit.contact("Ada Lovelace").first_due
    (entry,) = [s for s in kit.json("today", today=ada_due)["suggestions"] if s["contact"] == "Ada Lovelace"]
    assert entry["ask_about"] == "her move to Lisbon"
    assert "ask about: her move to Lisbon" in kit.run("today", today=ada_due).stdout
    assert kit.json("show", "Ada")["ask_about"] == "her move to Lisbon"
    assert "Ask about: her move to Lisbon" in kit.run("show", "Ada").stdout
    kit.run("log", "Ada", "--note", "Coffee")  # kept
    assert kit.contact("Ada Lovelace").ask_about == "her move to Lisbon"
    kit.run("log", "Ada", "--note", "Call", "--ask-about", "the new flat")  # changed
    assert kit.contact("Ada Lovelace").ask_about == "the new flat"
    kit.run("log", "Ada", "--note", "Lunch", "--ask-about", "")  # cleared
    assert kit.contact("Ada Lovelace").ask_about == ""


@pytest.mark.parametrize(
    "args",
    [
        ["edit", "Ada", "--rename", ""],
        ["edit", "Ada", "--rename", "grace hopper"],
        ["add", "ADA LOVELACE"],
        ["promise", "Ada", "Send the paper"],
        ["news", "Ada", "New job", "--date", "2026-12-24"],
    ],
)
def test_changes_that_would_make_people_or_promises_ambiguous_or_untrue_are_refused(kit: Kit, args: list[str]) -> None:
    kit.run("promise", "Ada", "Send the paper")
    before = kit.db.read_bytes()
    result = kit.run(*args, ok=False)
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert kit.db.read_bytes() == before


def test_energy_and_unsnooze_take_what_a_person_types_and_write_only_changes(kit: Kit) -> None:
    assert "Low energy today" in kit.run("energy", "LOW").stdout
    before = kit.db.read_bytes()
    assert "is not snoozed" in kit.run("unsnooze", "Ada").stdout
    assert kit.db.read_bytes() == before


def _five_due(tmp_path: Path) -> Kit:
    """Five monthly people, each last touched 40–44 days before TODAY (a Monday)."""
    kit = Kit(tmp_path)
    for n in range(5):
        kit.run("add", f"Person {n}", "--rhythm", "monthly")
        kit.run("log", f"Person {n}", "--date", (TODAY - timedelta(days=40 + n)).isoformat(), "--note", "hello")
    return kit


def _rhythm_names(suggestions: list[dict]) -> set[str]:
    return {s["contact"] for s in suggestions if s["trigger"] == "rhythm"}


def test_today_and_agenda_offer_two_people_a_week_by_default(tmp_path: Path) -> None:
    kit = _five_due(tmp_path)
    today = _rhythm_names(kit.json("today")["suggestions"])
    assert len(today) == 2
    week = kit.json("agenda", "--days", "7")["days"]
    assert [_rhythm_names(d["suggestions"]) for d in week] == [today] * 7
    next_monday = kit.json("today", today=TODAY + timedelta(days=7))["suggestions"]
    assert _rhythm_names(next_monday) == today  # nothing was logged: the same two, gently again
    kit.run("log", sorted(today)[0], "--note", "done")
    assert _rhythm_names(kit.json("today", today=TODAY + timedelta(days=2))["suggestions"]) == {sorted(today)[1]}


def test_an_old_daily_budget_config_still_offers_that_many_a_day(tmp_path: Path) -> None:
    kit = _five_due(tmp_path)
    kit.config.write_text("daily_budget = 3\n")
    days = kit.json("agenda", "--days", "3")["days"]
    assert all(len(_rhythm_names(d["suggestions"])) == 3 for d in days)
    kit.config.write_text('budget = 1\nbudget_period = "month"\n')
    month = kit.json("agenda", "--days", "7")["days"]
    assert len(set().union(*(_rhythm_names(d["suggestions"]) for d in month))) == 1


def test_a_bad_budget_period_is_one_calm_line(tmp_path: Path) -> None:
    kit = _five_due(tmp_path)
    kit.config.write_text('budget_period = "fortnight"\n')
    result = kit.fails_cleanly("today")
    assert "budget_period" in result.stderr
