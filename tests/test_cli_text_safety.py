"""The command line with untrusted text: nothing reaches the terminal raw, imports store text clean."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import orjson
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from strategies_text import CONTROL, UNSHOWN, nasty_encodable, nasty_names

from keepintouch.cli import main
from keepintouch.domain.clock import Clock
from keepintouch.domain.model import Contact, Network, Occasion, PartialDate, Promise, Touch
from keepintouch.interchange.native_json import export_json
from keepintouch.store.database import Store

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
RETITLE = "Jane \x1b]0;pwned\x07Doe"


def run(folder: Path, *args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(
        main, ["--db", str(folder / "db.json"), "--config", str(folder / "config.toml"), "--today", TODAY.isoformat(), *args]
    )
    assert result.exit_code == code, (result.output, result.exception)
    assert not UNSHOWN.search(result.output), result.output  # no control character, no bidi control
    return result


def stored(folder: Path) -> Network:
    return Store(folder / "db.json", Clock(TODAY)).network()


def stored_texts(network: Network) -> list[str]:
    """Every text value in the network (ids too)."""
    texts: list[str] = []

    def collect(value: object) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, list | tuple):
            for item in value:
                collect(item)
        elif isinstance(value, dict):
            for key, item in value.items():
                collect(key)
                collect(item)

    for table in ("contacts", "touches", "promises", "occasions"):
        for record in getattr(network, table):
            collect(list(record.to_dict().values()))
    return texts


def seed_raw(folder: Path, name: str, note: str) -> Contact:
    """Data as an older version (or another tool) may have stored it: not cleaned."""
    store = Store(folder / "db.json", Clock(TODAY))
    with store.transaction() as tx:
        contact = tx.put(
            Contact(name=name, org=note, tags=[note], emails=[note], handles={note: note}, ask_about=note, notes=note, rhythm="weekly", first_due=TODAY)
        )
        tx.put(Touch(contact_id=contact.id, date=date(2026, 10, 1), note=note, gave=True))
        tx.put(Promise(contact_id=contact.id, text=note, due=TODAY))
        tx.put(Occasion(contact_id=contact.id, kind="news", when=PartialDate(11, 20, 2026), label=note, yearly=False))
    return contact


def test_a_vcard_that_retitles_the_terminal_is_imported_clean(tmp_path: Path) -> None:
    card = tmp_path / "e.vcf"
    card.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane \x1b]0;pwned\x07Doe\r\n"
        b"NOTE:copy \x1b]52;c;cm0gLXJmIH4=\x07this\r\nEND:VCARD\r\n"
    )
    run(tmp_path, "import", str(card))
    assert run(tmp_path, "list").output.split("\n")[0].split()[:2] == ["Jane", "Doe"]
    (jane,) = stored(tmp_path).contacts
    assert (jane.name, jane.notes) == ("Jane Doe", "copy this")


def test_a_linkedin_csv_with_escape_sequences_is_imported_clean(tmp_path: Path) -> None:
    csv = tmp_path / "Connections.csv"
    csv.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ada,\x1b[2JLovelace,https://www.linkedin.com/in/ada,,\"Engines\x07\r\nLtd\",Analyst,01 Jan 2024\n",
        newline="",
    )
    run(tmp_path, "import", str(csv))
    (ada,) = stored(tmp_path).contacts
    assert (ada.name, ada.org) == ("Ada Lovelace", "Engines Ltd")


def test_stored_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    note = "note \x1b[2J\x1b]0;t\x07 [/] \r end"
    seed_raw(tmp_path, RETITLE, note)
    for command in (["list"], ["show", "Jane"], ["today"], ["agenda"], ["stats"], ["list", "--archived"]):
        output = run(tmp_path, *command).output
        assert "\ufffd" in output or command[0] in ("stats",), (command, output)
    assert "Jane \ufffd]0;pwned\ufffdDoe" in run(tmp_path, "list").output
    # JSON keeps the data exactly; its encoder escapes every control character.
    shown = orjson.loads(run(tmp_path, "show", "Jane", "--json").output)
    assert (shown["name"], shown["notes"]) == (RETITLE, note)


def test_a_bidi_override_in_a_name_is_kept_but_never_shown(tmp_path: Path) -> None:
    name = "Ada \u202eevil\u202c Lovelace"
    run(tmp_path, "add", name, "--met", "at \u2067\u05e9\u05dc\u05d5\u05dd\u2069 cafe")
    (ada,) = stored(tmp_path).contacts
    assert ada.name == name and "\u2067" in ada.met  # the user's text, stored as given
    assert run(tmp_path, "list").output.startswith("Ada evil Lovelace")  # run() checks no control is printed
    assert "at \u05e9\u05dc\u05d5\u05dd cafe" in run(tmp_path, "show", "Ada").output
    shown = run(tmp_path, "show", "Ada", "--json").output
    assert "\\u202e" in shown and orjson.loads(shown)["name"] == name  # JSON escapes it and keeps it exactly
    result = run(tmp_path, "show", "Nobody \u202e", code=1)
    assert result.output.count("\n") == 1


def test_an_error_quoting_a_name_is_one_safe_line_and_fails(tmp_path: Path) -> None:
    seed_raw(tmp_path, RETITLE, "x")
    result = run(tmp_path, "show", "Nobody \x1b]0;t\x07", code=1)
    assert result.output.count("\n") == 1 and "Nobody \ufffd]0;t\ufffd" in result.output
    run(tmp_path, "done-promise", "Jane", "x")
    result = run(tmp_path, "done-promise", "Jane", code=1)  # the promise is kept: none is open now
    assert result.output.count("\n") == 1 and "Jane \ufffd]0;pwned\ufffdDoe" in result.output
    result = run(tmp_path, "--today", "2026\x1b[2J", "list", code=2)
    assert "Error" in result.output


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=nasty_names, note=nasty_encodable)
def test_any_typed_text_is_shown_without_control_characters(name: str, note: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        run(here, "add", name, "--rhythm", "weekly")
        first_word = name.split()[0]
        run(here, "log", first_word, "--note", note)
        run(here, "promise", first_word, "x " + note)  # a promise of nothing but an escape sequence is refused
        for command in (["list"], ["show", first_word], ["today"], ["agenda"], ["stats"]):
            run(here, *command)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=nasty_names, text=nasty_encodable)
def test_any_imported_text_is_stored_clean_and_shown_safely(name: str, text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        contact = Contact(name=name, org=text, role=text, met=text, tags=[text], topics=[text], notes=text, handles={text: text})
        network = Network(
            contacts=[contact],
            touches=[Touch(contact_id=contact.id, date=TODAY, note=text)],
            promises=[Promise(contact_id=contact.id, text=text or "x")],
        )
        backup = here / "backup.json"
        backup.write_text(export_json(network, NOW))
        run(here, "import", str(backup))
        for value in stored_texts(stored(here)):
            assert not CONTROL.search(value) and "\r" not in value, repr(value)
        run(here, "list")
        run(here, "show", name.split()[0])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=nasty_names, text=nasty_encodable)
def test_any_text_a_vdir_card_brings_is_stored_clean_and_shown_safely(name: str, text: str) -> None:
    """A card in the vdir is someone else's text, as any import: vdir-sync stores it clean."""
    from keepintouch.interchange.vcard_lines import escape

    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        book = here / "book"
        book.mkdir()
        raw = "".join(f"{prop}:{value}\r\n" for prop, value in (("FN", name), ("ORG", text), ("NOTE", text), ("CATEGORIES", text)))
        card = f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:x1\r\n{raw}TITLE:{escape(text)}\r\nEND:VCARD\r\n"
        (book / "x1.vcf").write_text(card, "utf-8", "surrogateescape", newline="")
        run(here, "vdir-sync", str(book))
        for value in stored_texts(stored(here)):
            assert not CONTROL.search(value) and "\r" not in value, repr(value)
        run(here, "list")
        run(here, "vdir-sync", str(book))
