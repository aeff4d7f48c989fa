"""Opening the draft editor from a Today entry, and the phrasebook the app's screens share.

The phrasebook is read when a screen needs it (a few small files), so a
template the user just edited counts at once. A user file we cannot use is
said once as a notice and the built-in words are used: a draft or a tone
hint is never worth blocking a log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from keepintouch.actions.promises import suggested_promise
from keepintouch.actions.touches import TouchDraft
from keepintouch.engine.drafting import draft_for
from keepintouch.engine.phrasebook import Phrasebook, PhrasebookError, load_phrasebook
from keepintouch.engine.queue import Suggestion
from keepintouch.store.config import templates_dir
from keepintouch.tui.screens.draft import DraftScreen

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
    book = phrasebook_for(app)
    contact = suggestion.contact
    today = app.clock.today()
    draft = draft_for(
        app.network, contact, suggestion, book, today=today, default_language=app.settings.language
    )

    def log(text: str | None) -> None:
        if text is None:
            return
        touch = TouchDraft(contact.id, kind=suggestion.touch, note=text)
        if suggestion.trigger == "promise":
            promise = suggested_promise(app.snapshot.promises.get(contact.id, []), suggestion.due)
            touch.promise_id = promise.id if promise else None
        app.open_log(contact, touch, reason=suggestion.reason)

    app.push_screen(DraftScreen(draft, book, reason=suggestion.reason), log)
