"""Import from a file inside the app: ask, plan (a dry run), review, write.

Planning reads the file and the network, so both steps run in the
`StoreWriter`'s worker, like every store access: the dry run as a change that
writes nothing, the import as one change that puts the whole plan (one
atomic write, as `keepintouch import` does). The file is read once, for the
dry run; the import plans the same records again against the network as it
is by then, so whatever another process wrote meanwhile is merged, never
overwritten. Any trouble: one calm line, and the form comes back as typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from keepintouch.actions.base import Outcome
from keepintouch.actions.drafts import split_list
from keepintouch.actions.importing import import_people
from keepintouch.domain.model import Network
from keepintouch.domain.timespec import normalize_rhythm
from keepintouch.interchange import ImportOptions, ImportPlan, InterchangeError, read_batches
from keepintouch.interchange.plan import Batch
from keepintouch.tui.screens.import_file import ImportDraft, ImportFileScreen, expanded_path, review_screen

if TYPE_CHECKING:
    from keepintouch.tui.app import KeepInTouchApp


def start_import(app: KeepInTouchApp, draft: ImportDraft | None = None) -> None:
    """Open the import form (with what was typed before, if given)."""

    def planned(result: ImportDraft | None) -> None:
        if result is not None:
            FileImport(app, result).dry_run()

    app.push_screen(ImportFileScreen(draft), planned)


class FileImport:
    """One import, from the filled-in form to the notification."""

    def __init__(self, app: KeepInTouchApp, draft: ImportDraft) -> None:
        self.app = app
        self.draft = draft
        self.path = expanded_path(draft.path)  # checked by the form; a file gone since is a read error
        self.options = ImportOptions(
            today=app.clock.today(),
            now=app.clock.now(),
            settings=app.settings,
            rhythm=normalize_rhythm(draft.rhythm or "none"),
            tags=tuple(split_list(draft.tags)),
        )
        self.batches: list[Batch] = []
        self.plan = ImportPlan()
        self.problem = ""

    def dry_run(self) -> None:
        self.app.write(self._read_and_plan, done="", on_error=self._again, on_saved=self._review)

    def _read_and_plan(self, network: Network) -> Outcome:
        """In the worker: read the file and plan against the newest network; write nothing."""
        try:
            self.batches = read_batches([self.path], self.options.format)
        except InterchangeError as error:
            self.problem = f"{error}. Nothing was imported."
            return Outcome()
        self.plan, _ = import_people(network, self.batches, self.options)
        return Outcome()

    def _review(self) -> None:
        if self.problem:
            self.app.notify(self.problem, title="Not imported", severity="warning", timeout=8)
            self._again(self.problem)
            return

        def answered(go: bool | None) -> None:
            if go:
                self.app.write(self._apply, done="", on_error=self._again, on_saved=self._done)

        self.app.push_screen(review_screen(self.path, self.plan), answered)

    def _apply(self, network: Network) -> Outcome:
        """In the worker: plan the records read again, against the network as it is now."""
        self.plan, outcome = import_people(network, self.batches, self.options)
        return outcome

    def _done(self) -> None:
        self.app.notify(self.plan.summary(), timeout=6)
        if self.plan.count("new") and not any(c.rhythm != "none" for c in self.app.network.contacts):
            self.app.start_small(imported=True)  # an address book came in: not a to-do list

    def _again(self, reason: str) -> None:
        """Something went wrong (the app has said what): back to the form, as typed."""
        start_import(self.app, self.draft)
