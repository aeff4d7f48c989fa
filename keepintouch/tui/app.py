"""The keepintouch app: one main screen of three panes, wired together.

The panes own their keys and post messages; this module turns those messages
and the app-wide keys into dialogs and changes for the `StoreWriter`, and
shows whatever the store reports back. Build it with `make_app`, the one
factory the CLI and the tests share.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.notifications import SeverityLevel
from textual.timer import Timer

from keepintouch.actions import rest
from keepintouch.actions.base import Moment, Outcome
from keepintouch.actions.capture import Capture, capture
from keepintouch.actions.drafts import NewsDraft, PersonDraft, PromiseDraft, parse_due, person_change
from keepintouch.actions.people import add_person, edit_person, set_notes
from keepintouch.actions.promises import keep_promise, make_promise, note_news, open_promises, suggested_promise
from keepintouch.actions.touches import TouchDraft, log_touch
from keepintouch.actions.vdir import reaches_cards, stamps_of, sync_vdir
from keepintouch.domain.clock import Clock
from keepintouch.domain.model import Contact, Network, Settings, new_id
from keepintouch.domain.phrasing import day_text
from keepintouch.domain.safe_text import for_terminal
from keepintouch.engine.calm import nothing_today
from keepintouch.engine.queue import Suggestion
from keepintouch.interchange import InterchangeError
from keepintouch.interchange.vdir import Folder, SyncPlan, folder_lock, folder_time, read_folder, write_cards
from keepintouch.store.config import remember
from keepintouch.store.database import Store
from keepintouch.store.json_file import FileLock
from keepintouch.tui.commands import KeepInTouchCommands
from keepintouch.tui.screens.capture import CaptureScreen
from keepintouch.tui.screens.energy import EnergyScreen
from keepintouch.tui.screens.help import HelpScreen, Section, binding_rows
from keepintouch.tui.screens.log_touch import LogTouchScreen
from keepintouch.tui.screens.news import NewsScreen
from keepintouch.tui.screens.pause import RESUME, PauseScreen
from keepintouch.tui.screens.person import PersonScreen
from keepintouch.tui.screens.promise import PromiseScreen, kept_screen
from keepintouch.tui.screens.snooze import WAKE, SnoozeScreen
from keepintouch.tui.snapshot import Snapshot
from keepintouch.tui.widgets.header import TopBar
from keepintouch.tui.widgets.keybar import KeyBar
from keepintouch.tui.widgets.notes import NotesPane
from keepintouch.tui.widgets.people import PeopleList, PeoplePane
from keepintouch.tui.widgets.today import TodayPane, TodayQueue
from keepintouch.tui.writer import Change, StoreWriter

#: Seconds between looks for changes other processes saved.
POLL_SECONDS = 2.0
#: How long "Saved."-style words stay in the top bar.
STATUS_SECONDS = 4.0


class KeepInTouchApp(App[None]):
    """Daily review, quick capture, pauses and the weekly window."""

    CSS_PATH = "app.tcss"
    TITLE = "keepintouch"
    AUTO_FOCUS = None  # on_mount focuses Today, or People when Today is empty
    COMMANDS = App.COMMANDS | {KeepInTouchCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", key_display="/", tooltip="Filter people by name, org or tag"),
        Binding("c", "capture", "Capture", tooltip="Quick capture: a note after a call"),
        Binding("l", "log", "Log", tooltip="Log a touch with the selected person"),
        Binding("s", "snooze", "Snooze", tooltip="Snooze the selected person"),
        Binding("p", "pause", "Pause", tooltip="Pause everything, or resume"),
        Binding("a", "add_person", "Add", show=False, tooltip="Add a person"),
        Binding("e", "edit_person", "Edit", show=False, tooltip="Edit the selected person"),
        Binding("n", "news", "News", show=False, tooltip="Note news about the selected person"),
        Binding("o", "promise", "Promise", show=False, tooltip="Note a promise to the selected person"),
        Binding("K", "keep_promise", "Kept", show=False, tooltip="Mark a promise kept…"),
        Binding("w", "window", "Window", tooltip="Start or stop the weekly window"),
        Binding("E", "energy", "Energy", show=False, tooltip="Set today's energy: low, normal, high"),
        Binding("plus", "more", "More", show=False, key_display="+", tooltip="One more suggestion today"),
        Binding("A", "toggle_archived", "Archived", show=False, tooltip="Show or hide archived people"),
        Binding("i", "import_file", "Import", show=False, tooltip="Import contacts from a file…"),
        Binding("I", "insights", "Insights", show=False, tooltip="Insights: a calm look back at your year"),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="All keys"),
        Binding("q", "quit", "Quit", tooltip="Quit once everything is saved"),
    ]

    def __init__(
        self, store: Store, clock: Clock, settings: Settings, config_path: Path, notes: Sequence[str] = ()
    ) -> None:
        super().__init__()
        #: Lines to show once the app is up (what merging other devices' copies brought in).
        self.start_notes = list(notes)
        self.clock = clock
        self.settings = settings
        self.config_path = config_path
        self.writer = StoreWriter(store, self._prepare)
        #: Read directly only for change stamps (`Store.changed_at`, thread-safe); all writes go through `writer`.
        self.database = store
        self.snapshot: Snapshot = self.writer.load()
        self.selected_id: str | None = None
        self.extra = 0
        self.window_left: int | None = None
        self._window_timer: Timer | None = None
        self._theme_timer: Timer | None = None
        self._status_timer: Timer | None = None
        #: A vdir sync is under way; another was asked for meanwhile (see `sync_cards`).
        self._cards_syncing = False
        self._cards_again = False
        #: The vdir folder's time when the last sync read it (see `_poll`).
        self._cards_seen: int | None = None
        #: The folder's lock, held by the sync under way from reading the folder to writing its cards.
        self._cards_lock: FileLock | None = None
        if settings.theme in self.available_themes:
            self.theme = settings.theme

    # -- layout

    def notify(
        self, message: str, *, title: str = "", severity: SeverityLevel = "information", timeout: float | None = None, markup: bool = True
    ) -> None:
        """Every notice is plain text: messages quote names, notes and error messages, never markup."""
        super().notify(for_terminal(message), title=for_terminal(title), severity=severity, timeout=timeout, markup=False)

    def compose(self) -> ComposeResult:
        yield TopBar(id="top-bar")
        with Horizontal(id="panes"):
            yield PeoplePane(id="people")
            yield TodayPane(id="today")
            yield NotesPane(id="notes")
        yield KeyBar()

    def on_mount(self) -> None:
        self.writer.attach(self)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.set_interval(POLL_SECONDS, self._poll)
        self.refresh_panes()
        for note in self.start_notes:
            self.notify(note, timeout=8)
        today = self.query_one(TodayPane)
        if today.suggestions:
            self.select(today.suggestions[0].contact.id)
            today.queue.focus()
        else:
            people = self.query_one(PeopleList)
            people.focus()
            if people.current is not None:  # the Notes pane and the keys follow the highlighted row
                self.select(people.current.id)
        if not self.network.contacts:
            self.start_small()
        if self.settings.vdir:
            self.sync_cards()

    # -- showing data

    @property
    def network(self) -> Network:
        return self.snapshot.network

    @property
    def selected(self) -> Contact | None:
        return self.snapshot.contacts.get(self.selected_id or "")

    def _prepare(self, network: Network) -> Snapshot:
        """Network -> what the panes show; runs in the store's worker thread."""
        previous = getattr(self, "snapshot", None)  # None while the first one is made
        return Snapshot.build(network, self.settings, self.clock.today(), previous)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.refresh_panes()

    def refresh_panes(self) -> None:
        snapshot = self.snapshot
        people = self.query_one(PeoplePane)
        people.set_people(snapshot.people, snapshot.hint, keep=self.selected_id)
        self._refresh_queue()
        bar = self.query_one(TopBar)
        bar.today = snapshot.today
        bar.energy = snapshot.energy
        bar.paused_until = snapshot.paused_until
        bar.window_day = f"{snapshot.today:%A}".lower() == self.settings.window_day
        bar.window_left = self.window_left
        self._follow_highlight()
        self.query_one(NotesPane).show(snapshot, self.selected)

    def _follow_highlight(self) -> None:
        """After any change, the selected person is the entry highlighted in the focused list.

        A save can move the highlight (a logged entry leaves Today and the
        next one is highlighted); the Notes pane, the key bar and every key
        must then refer to that entry, not to the one that just left.
        """
        focused = self.focused
        contact: Contact | None = None
        if isinstance(focused, TodayQueue):
            suggestions, index = self.query_one(TodayPane).suggestions, focused.highlighted
            if index is not None and index < len(suggestions):
                contact = suggestions[index].contact
                self.query_one(PeopleList).move_to(contact.id)
        elif isinstance(focused, PeopleList):
            contact = focused.current
        if contact is not None:
            self.selected_id = contact.id

    def _refresh_queue(self) -> None:
        snapshot = self.snapshot
        pane = self.query_one(TodayPane)
        if snapshot.paused_until is not None:
            until = snapshot.paused_until
            calm = f"Paused until {day_text(until, snapshot.today, long=True)}.\nRest well: nothing piles up. Press p to resume."
            pane.show([], title="Today", calm=calm)
        elif self.window_left is not None:
            pane.show(snapshot.week(), title="This week · weekly window", calm="Nothing waiting this week. Enjoy the quiet.")
        else:
            calm = nothing_today(snapshot.network, "app")
            pane.show(snapshot.queue(extra=self.extra), title="Today", calm=calm)

    def select(self, contact_id: str) -> None:
        """Show a person in the Notes pane."""
        if contact_id == self.selected_id:
            return
        self.selected_id = contact_id
        self.query_one(NotesPane).show(self.snapshot, self.selected)

    def show_person(self, contact_id: str) -> None:
        """Jump to a person (from the palette): People cursor, Notes pane."""
        people = self.query_one(PeoplePane)
        if not people.list.move_to(contact_id):
            people.action_clear_filter()
            people.list.move_to(contact_id)
        people.list.focus()
        self.select(contact_id)

    @on(PeoplePane.Highlighted)
    @on(TodayPane.Highlighted)
    def _highlighted(self, event: PeoplePane.Highlighted | TodayPane.Highlighted) -> None:
        self.select(event.contact.id)
        if isinstance(event, TodayPane.Highlighted):
            self.query_one(PeopleList).move_to(event.contact.id)

    # -- writing

    @property
    def moment(self) -> Moment:
        """Now, for an action: the clock read once, with the settings."""
        return Moment(self.clock.today(), self.settings)

    def write(
        self,
        build: Callable[[Network], Outcome],
        *,
        done: str | None = None,
        on_error: Callable[[str], None] | None = None,
        on_saved: Callable[[], None] | None = None,
        follow_cards: bool = True,
    ) -> None:
        """Hand an action to the store owner; the panes update once its outcome is on disk.

        Once saved, the action's own confirmation is said, or `done` if given ("" for none).
        With a vdir in the config, a change that reaches a card is synced to it
        once saved (`follow_cards=False` for the sync's own change).
        """
        if self.settings.vdir and follow_cards:
            build, on_saved = self._then_sync_cards(build, on_saved)
        self.writer.submit(Change(build, done, on_error, on_saved))

    def _then_sync_cards(
        self, build: Callable[[Network], Outcome], on_saved: Callable[[], None] | None
    ) -> tuple[Callable[[Network], Outcome], Callable[[], None]]:
        """The action noting whether its change reaches a card, and an `on_saved` that then syncs."""
        reached: list[bool] = []

        def noting(network: Network) -> Outcome:
            outcome = build(network)
            if outcome.changes and reaches_cards(network, outcome):
                reached.append(True)
            return outcome

        def saved() -> None:
            if on_saved is not None:
                on_saved()
            if reached:
                self.sync_cards()

        return noting, saved

    def on_store_writer_saved(self, message: StoreWriter.Saved) -> None:
        self.show_snapshot(message.view)
        if message.change.on_saved is not None:
            message.change.on_saved()
        if message.change.confirmation:
            self.confirm(message.change.confirmation)

    def confirm(self, text: str) -> None:
        """Say quietly, in the top bar, that a change is saved; the word goes after a few seconds.

        A vdir sync may finish as the app closes, when there is no bar left to say it in.
        """
        bar = next(iter(self.query(TopBar)), None)
        if bar is None:
            return
        bar.status = text
        if self._status_timer is not None:
            self._status_timer.stop()
        self._status_timer = self.set_timer(STATUS_SECONDS, lambda: setattr(bar, "status", ""))

    def on_store_writer_reloaded(self, message: StoreWriter.Reloaded) -> None:
        self.show_snapshot(message.view)
        for note in message.notes:  # conflict copies merged while the app is open, said as at start
            self.notify(note, timeout=8)
        if message.notes and self.settings.vdir:
            self.sync_cards()  # what another device changed reaches the address book too

    def on_store_writer_failed(self, message: StoreWriter.Failed) -> None:
        self.notify(message.reason, title="Not saved", severity="warning", timeout=8)
        if message.change is not None and message.change.on_error is not None:
            message.change.on_error(message.reason)

    def _poll(self) -> None:
        if self.clock.today() != self.snapshot.today:  # past midnight
            self.show_snapshot(self._prepare(self.network))
        self.writer.poll()
        if self.settings.vdir and not self._cards_syncing and self._cards_seen != folder_time(Path(self.settings.vdir)):
            self.sync_cards()  # vdirsyncer or khard changed the folder

    # -- the address book folder

    def sync_cards(self) -> None:
        """Sync with the config's vdir now, or once the sync under way is done (one at a time,
        so that no sync reads the folder while another writes it)."""
        if self._cards_syncing:
            self._cards_again = True
            return
        self._cards_syncing = True
        self._sync_vdir(Path(self.settings.vdir))

    @work(thread=True, group="vdir")
    def _sync_vdir(self, path: Path) -> None:
        """Read the vdir's cards here, plan and save in the store's worker, then write
        the changed cards (`interchange.vdir`).

        The folder's time is taken before reading it: whatever changes it after
        that, our own writes included, makes the poll sync once more (a sync
        with nothing to do writes nothing, so it then rests).
        """
        seen = folder_time(path)
        try:
            lock = folder_lock(path)
            lock.acquire()  # a command syncing the same folder finishes first
            self._cards_lock = lock
            seen = folder_time(path)
            folder = read_folder(path)
        except (InterchangeError, OSError) as error:
            self.call_from_thread(self.notify, f"Address book not synced: {error}", timeout=8)
            self.call_from_thread(self._cards_synced, seen)
            return
        plans: list[SyncPlan] = []
        moment, changed_at = self.moment, stamps_of(self.database)

        def build(network: Network) -> Outcome:
            outcome, plan = sync_vdir(network, moment, folder, changed_at)
            plans.append(plan)
            return outcome

        self.call_from_thread(
            self.write,
            build,
            done="",
            on_saved=lambda: self._write_vdir(folder, plans[-1], seen),
            on_error=lambda _: self._cards_synced(seen),
            follow_cards=False,
        )

    @work(thread=True, group="vdir-cards")
    def _write_vdir(self, folder: Folder, plan: SyncPlan, seen: int | None) -> None:
        try:
            write_cards(folder, plan)
        except OSError as error:
            self.call_from_thread(self.notify, f"Address book cards not written: {error}", timeout=8)
        else:
            if plan.changes:
                self.call_from_thread(self.confirm, "Address book synced")
            for line in plan.kept_both():
                self.call_from_thread(self.notify, line, timeout=8)
        finally:
            self.call_from_thread(self._cards_synced, seen)

    def _cards_synced(self, seen: int | None) -> None:
        """A sync is over (its folder's lock let go): `seen` is the folder's time when it was read."""
        lock, self._cards_lock = self._cards_lock, None
        if lock is not None:
            lock.release()
        self._cards_seen = seen
        self._cards_syncing = False
        if self._cards_again:
            self._cards_again = False
            self.sync_cards()

    # -- actions on the selected person

    def _person(self) -> Contact | None:
        contact = self.selected
        if contact is None:
            self.notify("Pick someone in People first.", timeout=3)
        return contact

    def action_filter(self) -> None:
        self.query_one(PeoplePane).start_filter()

    def action_capture(self, draft: Capture | None = None) -> None:
        self.push_screen(CaptureScreen(self.snapshot.people, self.clock.today(), first=self.selected, draft=draft), self._save_capture)

    def _save_capture(self, draft: Capture | None) -> None:
        if draft is None:
            return
        moment, contact_id = self.moment, draft.touch.contact_id
        self.write(
            lambda network: capture(network, moment, draft),
            on_error=lambda reason: self.action_capture(draft),
            on_saved=(lambda: self.show_person(contact_id)) if draft.new_name else None,
        )

    def action_log(self) -> None:
        if contact := self._person():
            self.open_log(contact, TouchDraft(contact.id, kind="message"))

    def open_log(self, contact: Contact, draft: TouchDraft, reason: str = "") -> None:
        self.push_screen(LogTouchScreen(contact, self.clock.today(), draft, reason=reason), self._save_touch)

    def _save_touch(self, draft: TouchDraft | None) -> None:
        if draft is None:
            return
        moment = self.moment

        def reopen(reason: str) -> None:
            if (contact := self.snapshot.contacts.get(draft.contact_id)) is not None:
                self.open_log(contact, draft)

        self.write(lambda network: log_touch(network, moment, draft), on_error=reopen)

    @on(TodayPane.LogRequested)
    def _log_suggestion(self, event: TodayPane.LogRequested) -> None:
        suggestion: Suggestion = event.suggestion
        contact = suggestion.contact
        draft = TouchDraft(contact.id, kind=suggestion.touch)
        if suggestion.trigger == "promise":
            promise = suggested_promise(self.snapshot.promises.get(contact.id, []), suggestion.due)
            draft.promise_id = promise.id if promise else None
        self.open_log(contact, draft, reason=suggestion.reason)

    @on(TodayPane.DraftRequested)
    def _draft_suggestion(self, event: TodayPane.DraftRequested) -> None:
        from keepintouch.tui.drafting import start_draft  # templates and the editor: loaded when used

        start_draft(self, event.suggestion)

    def draft_person(self, contact_id: str) -> None:
        """The draft editor for anyone (from the palette), as `m` opens it for a Today entry."""
        from keepintouch.tui.drafting import draft_person  # templates and the editor: loaded when used

        if (contact := self.snapshot.contacts.get(contact_id)) is not None:
            draft_person(self, contact)

    @on(TodayPane.SkipRequested)
    def _skip_suggestion(self, event: TodayPane.SkipRequested) -> None:
        contact_id, moment = event.suggestion.contact.id, self.moment
        self.write(lambda network: rest.skip(network, moment, contact_id))

    def action_snooze(self) -> None:
        if contact := self._person():
            screen = SnoozeScreen(contact, self.clock.today(), self.snapshot.promises.get(contact.id, []))
            self.push_screen(screen, lambda until: self._snooze(contact.id, until))

    def _snooze(self, contact_id: str, until: object) -> None:
        if until is None:
            return
        moment = self.moment
        if until == WAKE:
            self.write(lambda network: rest.unsnooze(network, moment, contact_id))
        else:
            self.write(lambda network: rest.snooze(network, moment, contact_id, until))  # type: ignore[arg-type]

    def action_pause(self) -> None:
        self.push_screen(PauseScreen(self.clock.today(), self.snapshot.paused_until), self._pause)

    def _pause(self, until: object) -> None:
        if until is None:
            return
        moment = self.moment
        if until == RESUME:
            self.write(lambda network: rest.resume(network, moment))
        else:
            self.write(lambda network: rest.pause(network, moment, until))  # type: ignore[arg-type]

    def action_add_person(self, draft: PersonDraft | None = None) -> None:
        """Add a person (or, with a draft, reopen the form as it was)."""
        opened = PersonDraft(rhythm=self.settings.default_rhythm)
        self.push_screen(PersonScreen(draft or opened), lambda saved: self._save_person(opened, saved))

    def action_edit_person(self, draft: PersonDraft | None = None, opened: PersonDraft | None = None) -> None:
        """Edit the selected person (or, with drafts, reopen the form as it was)."""
        if opened is None:
            if not (contact := self._person()):
                return
            opened = PersonDraft.of(contact, self.network)
        shown = opened
        self.push_screen(PersonScreen(draft or shown), lambda saved: self._save_person(shown, saved))

    def _save_person(self, opened: PersonDraft, saved: PersonDraft | None) -> None:
        """Save only what changed in the form since it was opened, onto the newest stored person."""
        if saved is None:
            return
        moment, change = self.moment, person_change(opened, saved)
        if opened.contact_id is None:
            contact_id = new_id()

            def build(network: Network) -> Outcome:
                return add_person(network, moment, saved.name, change, contact_id=contact_id)

            self.write(build, on_error=lambda reason: self.action_add_person(saved), on_saved=lambda: self.show_person(contact_id))
            return
        existing_id = opened.contact_id
        self.write(
            lambda network: edit_person(network, moment, existing_id, change),
            on_error=lambda reason: self.action_edit_person(saved, opened),
            on_saved=lambda: self.show_person(existing_id),
        )

    def action_news(self) -> None:
        if contact := self._person():
            self._open_news(contact)

    def _open_news(self, contact: Contact, draft: NewsDraft | None = None) -> None:
        def save(result: NewsDraft | None) -> None:
            if result is not None:
                moment = self.moment
                self.write(
                    lambda network: note_news(network, moment, result.contact_id, result.text, result.day),
                    on_error=lambda reason: self._open_news(contact, result),
                )

        self.push_screen(NewsScreen(contact, self.clock.today(), draft), save)

    def action_promise(self) -> None:
        if contact := self._person():
            self._open_promise(contact)

    def _open_promise(self, contact: Contact, draft: PromiseDraft | None = None) -> None:
        def save(result: PromiseDraft | None) -> None:
            if result is not None:
                moment = self.moment
                due = parse_due(result.due, moment.today)  # checked by the form as it was typed
                self.write(
                    lambda network: make_promise(network, moment, result.contact_id, result.text, due),
                    on_error=lambda reason: self._open_promise(contact, result),
                )

        self.push_screen(PromiseScreen(contact, self.clock.today(), draft), save)

    def action_keep_promise(self) -> None:
        if not (contact := self._person()):
            return
        promises = self.snapshot.promises.get(contact.id, [])
        if not open_promises(promises):
            self.notify(f"No open promises to {contact.name}.", timeout=3)
            return

        def kept(promise_id: str | None) -> None:
            if promise_id is not None:
                moment = self.moment
                self.write(lambda network: keep_promise(network, moment, promise_id))

        self.push_screen(kept_screen(contact, promises, self.clock.today()), kept)

    def action_import_file(self) -> None:
        from keepintouch.tui.importing import start_import  # with every file format: loaded when used

        start_import(self)

    def action_insights(self) -> None:
        from keepintouch.tui.screens.insights import InsightsScreen  # charts: loaded when used

        self.push_screen(InsightsScreen(self.snapshot))

    @on(NotesPane.Save)
    def _save_notes(self, event: NotesPane.Save) -> None:
        contact_id, text = event.contact_id, event.text
        pane = self.query_one(NotesPane)
        self.write(lambda network: set_notes(network, contact_id, text), on_error=lambda reason: pane.keep_unsaved(contact_id, text))

    # -- the day

    def action_energy(self) -> None:
        self.push_screen(EnergyScreen(self.clock.today(), self.snapshot.energy), self.set_energy)

    def set_energy(self, energy: str | None) -> None:
        if energy is not None:
            moment = self.moment
            self.write(lambda network: rest.set_energy(network, moment, energy))

    def action_more(self) -> None:
        self.extra += 1
        self._refresh_queue()

    def action_toggle_archived(self) -> None:
        people = self.query_one(PeoplePane)
        people.show_archived = not people.show_archived

    def action_window(self) -> None:
        if self.window_left is not None:
            self._end_window("Weekly window closed. The rest rolls over quietly.")
            return
        self.window_left = self.settings.window_minutes * 60
        self._window_timer = self.set_interval(1, self._tick_window)
        self.query_one(TopBar).window_left = self.window_left
        self._refresh_queue()
        self.notify(f"Weekly window: {self.settings.window_minutes} minutes. No rush.", timeout=3)

    def _tick_window(self) -> None:
        if self.window_left is None:
            return
        self.window_left -= 1
        self.query_one(TopBar).window_left = self.window_left
        if self.window_left <= 0:
            self._end_window("Time is up. The rest can wait for another day.")

    def _end_window(self, note: str) -> None:
        if self._window_timer is not None:
            self._window_timer.stop()
        self._window_timer = None
        self.window_left = None
        self.query_one(TopBar).window_left = None
        self._refresh_queue()
        self.notify(note, timeout=6)

    # -- app

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.help_sections()))

    def help_sections(self) -> list[Section]:
        """The keys by pane, from the same bindings the key bar shows."""
        return [
            ("Anywhere", [*binding_rows(self.BINDINGS), ("tab shift+tab", "Move between panes"), ("ctrl+p", "Command palette"), ("ctrl+q", "Quit")]),
            ("People", [("/", "Filter by name, org or tag"), ("enter", "Show the first match"), ("esc", "Clear the filter"), *binding_rows(PeopleList.BINDINGS)]),
            ("Today", [("enter", "Log the suggested touch"), *binding_rows(TodayQueue.BINDINGS)]),
            ("Notes", [*binding_rows(NotesPane.BINDINGS), ("", "Notes also save when you move away")]),
            ("Dialogs", [("ctrl+s enter", "Save"), ("esc", "Cancel (asks first if you typed)")]),
        ]

    def _theme_changed(self, theme: object) -> None:
        # The palette previews themes as you move through them: remember the
        # one you stay on, a moment later, not each one you pass.
        if self._theme_timer is not None:
            self._theme_timer.stop()
        self._theme_timer = self.set_timer(1.0, self._save_theme)

    def _save_theme(self) -> None:
        if self.theme != self.settings.theme:
            self.settings.theme = self.theme
            self._remember_theme(self.theme)

    @work(thread=True, group="config", exit_on_error=False)
    def _remember_theme(self, name: str) -> None:
        self._remember("theme", theme=name)

    def _remember(self, what: str, **values: str | int) -> None:
        """Write settings into the config file (in a worker: it is a file)."""
        try:
            remember(self.config_path, **values)
        except OSError as error:
            self.call_from_thread(self.notify, f"Could not remember the {what}: {error.strerror}.", severity="warning")

    def start_small(self, *, imported: bool = False) -> None:
        """The short start: the article's advice, the budget to choose, then the next step."""
        from keepintouch.tui.screens.start import StartScreen  # rare: loaded when used

        current = (self.settings.budget, self.settings.budget_period)

        def chosen(value: tuple[int, str] | None) -> None:
            if value is not None and value != current:
                self.settings.budget, self.settings.budget_period = value
                self.run_worker(lambda: self._remember("budget", budget=value[0], budget_period=value[1]), thread=True, group="config")
                self.show_snapshot(self._prepare(self.network))
            if value is not None and not imported:
                self.action_add_person()

        self.push_screen(StartScreen(self.clock.today(), current, imported=imported), chosen)

    async def action_quit(self) -> None:
        """Quit once every change is on disk."""
        self.query_one(NotesPane).flush()
        if self.writer.busy:
            self.notify("Saving…", timeout=2)
        await self.writer.wait_idle()
        self.exit()


def make_app(
    store: Store, clock: Clock, settings: Settings, config_path: Path, notes: Sequence[str] | None = None
) -> KeepInTouchApp:
    """The one way to build the app: the CLI and the tests both use it. `notes` are shown at start."""
    return KeepInTouchApp(store, clock, settings, config_path, notes or ())
