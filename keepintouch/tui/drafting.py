"""Opening the draft editor (from a Today entry or the command palette), and the phrasebook
the app's screens share.

The phrasebook is read when a screen needs it (a few small files), so a
template the user just edited counts at once. A user file we cannot use is
said once as a notice and the built-in words are used: a draft or a tone
hint is never worth blocking a log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from keepintouch.actions.promises import suggested_promise
from keepintouch.actions.touches import TouchDraft
from keepintouch.domain.model import Contact
from keepintouch.engine.drafting import current_suggestion, draft_for
from keepintouch.engine.phrasebook import Phrasebook, PhrasebookError, load_phrasebook
from keepintouch.engine.queue import Suggestion
from keepintouch.store.config import templates_dir
from keepintouch.tui.screens.draft import DraftScreen
from keepintouch.tui.widgets.today import TodayPane

if TYPE_CHECKING:
    from keepintouch.tui.app import KeepInTouchApp


def phrasebook_for(app: KeepInTouchApp) -> Phrasebook:
    """The built-in phrasebook with the user's templates (next to the app's config file)."""
    try:
        return load_phrasebook(templates_dir(app.config_path))
    except PhrasebookError as error:
        app.notify(str(error), title="Your templates are not used", severity="warning", timeout=8, markup=False)
        return load_phrasebook()


def start_draft(app: KeepInTouchApp, suggestion: Suggestion) -> None:
    """Open the draft editor for a Today entry; "log it" opens the log form with the text as note."""
    _open_draft(app, suggestion.contact, suggestion)


def draft_person(app: KeepInTouchApp, contact: Contact) -> None:
    """Open the draft editor for anyone: for their Today entry if they have one (as `m`
    would), else for their suggestion as `keepintouch draft NAME` finds it, else for a
    fitting light touch."""
    suggestion = next((s for s in app.query_one(TodayPane).suggestions if s.contact.id == contact.id), None)
    if suggestion is None:
        snapshot = app.snapshot
        suggestion = current_suggestion(snapshot.network, app.settings, snapshot.today, contact, snapshot.planner)
    _open_draft(app, contact, suggestion)


def _open_draft(app: KeepInTouchApp, contact: Contact, suggestion: Suggestion | None) -> None:
    book = phrasebook_for(app)
    today = app.clock.today()
    draft = draft_for(app.network, contact, suggestion, book, today=today, default_language=app.settings.language)
    reason = suggestion.reason if suggestion is not None else ""

    def log(text: str | None) -> None:
        if text is None:
            return
        touch = TouchDraft(contact.id, kind=suggestion.touch if suggestion is not None else draft.kind, note=text)
        if suggestion is not None and suggestion.trigger == "promise":
            promise = suggested_promise(app.snapshot.promises.get(contact.id, []), suggestion.due)
            touch.promise_id = promise.id if promise else None
        app.open_log(contact, touch, reason=reason)

    app.push_screen(DraftScreen(draft, book, reason=reason), log)
