"""Import contacts from a file: the form (file, rhythm, tags) and the review
of what the import would do, before anything is written."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from textual.widget import Widget
from textual.widgets import Input, Static

from keepintouch.domain.timespec import normalize_rhythm
from keepintouch.interchange import ImportPlan
from keepintouch.tui.screens.confirm import ConfirmScreen
from keepintouch.tui.screens.form import Field, FormScreen, Parses
from keepintouch.tui.widgets.text_boxes import PlainInput

#: Skipped records listed at most in the review; the summary counts them all.
SKIPPED_SHOWN = 10


@dataclass
class ImportDraft:
    """What was typed, kept as typed so the form can be reopened with it."""

    path: str = ""
    rhythm: str = ""
    tags: str = ""


def expanded_path(text: str) -> Path:
    """ "~/Downloads/x.csv " -> /home/me/Downloads/x.csv"""
    return Path(text.strip()).expanduser()


def import_path(text: str) -> Path:
    """The file to import, `~` expanded; ValueError unless it is an existing file."""
    if not text.strip():
        raise ValueError("a file is needed")
    path = expanded_path(text)
    if path.is_dir():
        raise ValueError("that is a folder; pick a file in it")
    if not path.is_file():
        raise ValueError("no file there")
    return path


def review_text(plan: ImportPlan) -> str:
    """What a dry run prints: the skipped records (the first few), then the summary."""
    lines = [f"skipped {skipped}" for skipped in plan.skipped[:SKIPPED_SHOWN]]
    if len(plan.skipped) > SKIPPED_SHOWN:
        lines.append(f"… and {len(plan.skipped) - SKIPPED_SHOWN} more skipped")
    return "\n".join([*lines, plan.summary(dry_run=True)])


def review_screen(path: Path, plan: ImportPlan) -> ConfirmScreen:
    """Import or not, having seen what would happen."""
    return ConfirmScreen(f"Import {path.name}?", yes="Import", no="Cancel", note=review_text(plan), default=True)


class ImportFileScreen(FormScreen[ImportDraft]):
    """Dismisses with an `ImportDraft` (None: cancelled)."""

    heading = "Import contacts from a file"
    keys_hint = "enter see what would change · esc cancel"

    def __init__(self, draft: ImportDraft | None = None) -> None:
        super().__init__()
        self.draft = draft or ImportDraft()

    def fields(self) -> Iterable[Widget]:
        draft = self.draft
        yield Static(
            "vCard, a LinkedIn, Google or Outlook CSV, a CSV you typed, or a keepintouch JSON export. "
            "People already here are merged; nothing of yours is overwritten.",
            classes="dialog-note",
        )
        yield Field(
            "File",
            PlainInput(draft.path, placeholder="e.g. ~/Downloads/Connections.csv", id="import-path", compact=True, validators=[Parses(import_path)]),
        )
        yield Field(
            "Rhythm",
            PlainInput(
                draft.rhythm,
                placeholder="optional: empty keeps them as an address book",
                id="import-rhythm",
                compact=True,
                validators=[Parses(normalize_rhythm, optional=True)],
            ),
        )
        yield Field("Tags", PlainInput(draft.tags, placeholder="optional, comma separated", id="import-tags", compact=True))

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#import-path", Input).focus()

    def result(self) -> ImportDraft:
        return ImportDraft(*(self.query_one(f"#import-{name}", Input).value for name in ("path", "rhythm", "tags")))
