"""One measured process: the app (or its floor) from process start to its first frame, and more.

Run by `bench/run.py`, never by hand:

    python bench/app_child.py MODE OUT.json DB CONFIG TODAY

`BENCH_T0` is the parent's `time.monotonic()` taken just before it spawned
this process (CLOCK_MONOTONIC is system-wide on Linux, so the two clocks
agree): startup is measured from there, interpreter start-up included.

Modes:

- `app`: the real `keepintouch` command line (`keepintouch --db DB …` with no
  command, which opens the app), with Textual's `App.run` swapped for a
  headless `run_test` session at 120×40 once the command line opens the app. Measures startup (to the first frame
  of the main screen showing the People list and the Today queue), then
  filtering (keystroke to the frame showing the updated People list), then
  logging touches through the log form (event-loop blocking, time to
  durable, time to the confirmation), the floor of a save (an atomic write of
  the same document), and peak RSS.
- `floor`: the startup floor: read and `orjson`-parse the same file, then a
  bare Textual app (one Static) to its first frame.
- `queue`: in-process: build today's queue from the network the store hands
  out (with the touch index it keeps between saves), several times; and the TUI's per-network view (`Snapshot.build`), for information.

A "frame" is what Textual's compositor hands to `App._display`; headless
Textual drops it, so this module also renders it to the terminal bytes a real
terminal would be sent (`render_segments`), then discards them: a frame here
costs what it costs on screen, minus the terminal itself.

With `BENCH_PROFILE=DIR`, each phase runs under pyinstrument (main thread)
and its text profile is written to DIR; timings from such a run are not used.
"""

from __future__ import annotations

import os
import time

T0 = float(os.environ.get("BENCH_T0") or time.monotonic())
T_MAIN = time.monotonic()

import asyncio  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

SIZE = (120, 40)
#: Typed into the People filter, one key at a time, each query then erased.
QUERIES = ("mari", "schm", "lab", "kow", "anna", "climate")
#: Touches logged through the form: the first pays the day's backup.
SAVES = 6
FLOOR_WRITES = 5
QUEUE_RUNS = 9

PROFILE_DIR = Path(os.environ["BENCH_PROFILE"]) if os.environ.get("BENCH_PROFILE") else None


def ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


class Profile:
    """A pyinstrument profile of one phase when BENCH_PROFILE is set; else nothing."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.profiler = None
        if PROFILE_DIR is not None:
            from pyinstrument import Profiler

            self.profiler = Profiler(interval=0.001, async_mode="disabled")

    def start(self) -> Profile:
        if self.profiler is not None:
            self.profiler.start()
        return self

    def stop(self) -> None:
        if self.profiler is not None:
            self.profiler.stop()
            assert PROFILE_DIR is not None
            PROFILE_DIR.mkdir(parents=True, exist_ok=True)
            sys.path.insert(0, str(Path(__file__).parent))
            from profiles import summarize

            session = self.profiler.last_session
            session.save(PROFILE_DIR / f"{self.name}.pyisession")
            (PROFILE_DIR / f"{self.name}.txt").write_text(summarize(session, self.name), encoding="utf-8")


# --------------------------------------------------------------------------
# Frames


class Frames:
    """Every frame the compositor produced: (time it was ready, state of the app then)."""

    def __init__(self) -> None:
        self.log: list[tuple[float, Any]] = []
        self.state: Callable[[], Any] = lambda: None

    def install(self) -> None:
        from textual.app import App

        original = App._display
        frames = self

        def _display(app: Any, screen: Any, renderable: Any) -> None:
            if renderable is not None and not app._batch_count and screen is app.screen:
                render = getattr(renderable, "render_segments", None)
                if render is not None:
                    render(app.console)  # the bytes a terminal would get; dropped, as headless does
                frames.log.append((time.monotonic(), frames.state()))
            original(app, screen, renderable)

        App._display = _display  # type: ignore[method-assign]

    async def wait_for(self, since: float, accept: Callable[[Any], bool], timeout: float = 10.0) -> float:
        """The time of the first frame after `since` whose state `accept`s."""
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            for when, state in self.log[seen:]:
                if when >= since and accept(state):
                    return when
            seen = len(self.log)
            if time.monotonic() > deadline:
                raise TimeoutError("no such frame")
            await asyncio.sleep(0.0005)


FRAMES = Frames()


# --------------------------------------------------------------------------
# app mode


def run_app_mode(out: Path, db: str, config: str, today: str) -> None:
    startup_profile = Profile("startup").start()
    marks: dict[str, float] = {}
    from keepintouch.cli import app_commands, main

    marks["cli_imported"] = time.monotonic()
    original_open = app_commands._open

    def _open(*args: Any, **kwargs: Any) -> None:
        """The command line's own `_open`, with Textual's `App.run` made a headless benchmark session."""
        marks["store_opened"] = time.monotonic()
        from textual.app import App

        import keepintouch.tui  # noqa: F401 - what `_open` imports first: Textual and the app

        marks["textual_imported"] = time.monotonic()
        FRAMES.install()

        def run(app: Any, *args: Any, **kwargs: Any) -> None:
            marks["app_built"] = time.monotonic()
            results = asyncio.run(session(app, startup_profile, marks))
            results["marks_ms"] = {k: ms(v - T0) for k, v in sorted(marks.items(), key=lambda kv: kv[1])}
            out.write_text(json.dumps(results), encoding="utf-8")

        App.run = run  # type: ignore[method-assign]
        original_open(*args, **kwargs)

    app_commands._open = _open  # type: ignore[assignment]
    main(["--db", db, "--config", config, "--today", today], standalone_mode=False)


async def session(app: Any, startup_profile: Profile, marks: dict[str, float]) -> dict[str, Any]:
    from textual.widgets import Input, TextArea

    from keepintouch.store.json_file import OrjsonStorage, atomic_write
    from keepintouch.tui.screens.log_touch import LogTouchScreen
    from keepintouch.tui.widgets.people import PeopleList
    from keepintouch.tui.widgets.today import TodayPane

    main_screen: list[Any] = []

    def startup_state() -> tuple[bool, int, int]:
        try:
            people = app.query_one(PeopleList)
            today = app.query_one(TodayPane)
        except Exception:  # noqa: BLE001 - not composed yet
            return (False, 0, 0)
        if not main_screen:
            main_screen.append(app.screen)
        return (app.screen is main_screen[0], len(people.rows), len(today.suggestions))

    FRAMES.state = startup_state
    results: dict[str, Any] = {}
    async with app.run_test(headless=True, size=SIZE, notifications=True) as pilot:
        store = app.writer._store
        queued = len(app.snapshot.daily)
        people_total = app.snapshot.people.count()
        first = await FRAMES.wait_for(0, lambda s: s[0] and s[1] == people_total and s[2] == queued)
        startup_profile.stop()
        results["startup_ms"] = ms(first - T0)
        results["frames_before_first_full"] = sum(1 for when, _ in FRAMES.log if when < first)
        results["rss_after_startup_mb"] = peak_rss_mb()
        await pilot.pause()

        # -- filter: keystroke -> the frame that shows the updated People list
        people = app.query_one(PeopleList)
        box = app.query_one("#people-filter", Input)
        FRAMES.state = lambda: (box.value, id(people.rows), len(people.rows))
        await pilot.press("slash")
        await pilot.pause()
        latencies: list[float] = []
        profile = Profile("filter").start()
        for query in QUERIES:
            keys = list(query) + ["backspace"] * len(query)
            typed = ""
            for key in keys:
                typed = typed[:-1] if key == "backspace" else typed + key
                before = id(people.rows)
                await asyncio.sleep(0.03)  # a person types a few keys a second: the loop is idle meanwhile
                start = time.monotonic()
                await pilot.press(key)
                when = await FRAMES.wait_for(start, lambda s, typed=typed, before=before: s[0] == typed and s[1] != before)
                latencies.append(when - start)
        profile.stop()
        await pilot.press("escape")
        await pilot.pause()
        results["filter_ms"] = [ms(x) for x in latencies]

        # -- save: log a touch through the form, ctrl+s
        FRAMES.state = lambda: None
        flushed: list[float] = []
        original_flush = OrjsonStorage.flush

        def flush(self: Any) -> None:
            original_flush(self)
            flushed.append(time.monotonic())

        OrjsonStorage.flush = flush  # type: ignore[method-assign]
        confirmed: list[float] = []
        handling: list[float] = []
        original_saved = type(app).on_store_writer_saved

        def on_saved(self: Any, message: Any) -> None:
            start = time.monotonic()
            original_saved(self, message)
            confirmed.append(time.monotonic())
            handling.append(confirmed[-1] - start)

        type(app).on_store_writer_saved = on_saved  # type: ignore[method-assign]

        #: (start, end, main-thread CPU seconds in between) of each wait of the ticker.
        gaps: list[tuple[float, float, float]] = []
        ticking = True

        async def ticker() -> None:
            last, cpu = time.monotonic(), time.thread_time()
            while ticking:
                await asyncio.sleep(0.001)
                now, now_cpu = time.monotonic(), time.thread_time()
                gaps.append((last, now, now_cpu - cpu))
                last, cpu = now, now_cpu

        collections: list[tuple[int, float, str]] = []  # (generation, seconds, thread) of each GC run
        gc_started: dict[int, float] = {}

        def on_gc(phase: str, info: dict[str, Any]) -> None:
            if phase == "start":
                gc_started[threading.get_ident()] = time.monotonic()
            else:
                began = gc_started.pop(threading.get_ident(), time.monotonic())
                collections.append((info["generation"], time.monotonic() - began, threading.current_thread().name))

        gc.callbacks.append(on_gc)
        tick_task = asyncio.create_task(ticker())
        saves: list[dict[str, float]] = []
        rows = list(people.rows)
        profile = Profile("save").start()
        for n in range(SAVES):
            contact = rows[(n * 7919) % len(rows)]
            app.clear_notifications()  # a person logs touches minutes apart: the last toast is gone
            app.show_person(contact.id)
            await pilot.pause()
            await pilot.press("l")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, LogTouchScreen), screen
            screen.query_one("#log-note", TextArea).text = (
                "Call about the new role: she starts in March, wants intros to two design leads. "
                "Send her the article on hiring loops and check in after the first month."
            )
            await pilot.pause()
            await asyncio.sleep(0.05)
            done_before, flushed_before = len(confirmed), len(flushed)
            start = time.monotonic()
            await pilot.press("ctrl+s")
            while len(confirmed) == done_before:
                await asyncio.sleep(0.0005)
            shown = await FRAMES.wait_for(confirmed[-1], lambda s: True)
            await app.writer.wait_idle()
            await asyncio.sleep(0.1)  # let the ticker see the loop idle again
            a, b, cpu = max(((a, b, c) for a, b, c in gaps if b > start and a < shown), key=lambda g: g[1] - g[0])
            saves.append(
                {
                    "durable_ms": ms(flushed[flushed_before] - start),
                    "confirmed_ms": ms(confirmed[-1] - start),
                    "shown_ms": ms(shown - start),
                    "blocked_ms": ms(b - a),
                    # Where the longest stall was, and how much of it the main thread itself was
                    # running (the rest it waited for the GIL, held by the writer's thread).
                    "blocked_at_ms": ms(a - start),
                    "blocked_cpu_ms": ms(cpu),
                    # The app's own `Saved` handler (refreshing the panes), on the main thread.
                    "saved_handler_ms": ms(handling[-1]),
                }
            )
        profile.stop()
        ticking = False
        await tick_task
        gc.callbacks.remove(on_gc)
        results["saves"] = saves
        results["gc_during_saves"] = {
            "full_collections": sum(1 for g, _, _ in collections if g == 2),
            "longest_full_ms": ms(max((t for g, t, _ in collections if g == 2), default=0.0)),
            "longest_young_ms": ms(max((t for g, t, _ in collections if g < 2), default=0.0)),
        }
        idle = sorted(b - a for a, b, _ in gaps)
        results["ticker_idle_gap_ms"] = ms(statistics.median(idle)) if idle else None

        # -- the floor of a save: an atomic write of the same document (dumps + fsync + rename)
        import orjson

        document = store._storage.read()
        target = store.path.with_name("floor-write.json")
        floor: list[float] = []
        for _ in range(FLOOR_WRITES):
            start = time.monotonic()
            atomic_write(target, orjson.dumps(document))
            floor.append(time.monotonic() - start)
        target.unlink()
        results["save_floor_ms"] = [ms(x) for x in floor]
        results["peak_rss_mb"] = peak_rss_mb()
        results["db_bytes"] = store.path.stat().st_size
    return results


# --------------------------------------------------------------------------
# floor mode


def run_floor_mode(out: Path, db: str) -> None:
    import gc

    import orjson

    reading = time.monotonic()
    with open(db, "rb") as handle:
        content = handle.read()
    gc.disable()
    document = orjson.loads(content)
    gc.enable()
    parsed = time.monotonic()

    FRAMES.install()
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("keepintouch")

    FRAMES.state = lambda: True

    async def session() -> dict[str, Any]:
        async with Bare().run_test(headless=True, size=SIZE, notifications=True):
            first = await FRAMES.wait_for(0, lambda s: True)
        return {"startup_ms": ms(first - T0), "parse_ms": ms(parsed - reading), "tables": len(document)}

    results = asyncio.run(session())
    out.write_text(json.dumps(results), encoding="utf-8")


# --------------------------------------------------------------------------
# queue mode


def run_queue_mode(out: Path, db: str, config: str, today: str) -> None:
    from datetime import date

    from keepintouch.domain.clock import Clock
    from keepintouch.engine import queue as rhythm
    from keepintouch.store.config import load_settings
    from keepintouch.store.database import Store

    clock = Clock(date.fromisoformat(today))
    settings = load_settings(Path(config))
    store = Store(db, clock, backup_count=0)
    network = store.network()
    day = clock.today()
    rhythm.daily_queue(network, settings, day)  # warm: first use of lazily built caches
    times = []
    profile = Profile("queue").start()
    for _ in range(QUEUE_RUNS):
        start = time.perf_counter()
        queue = rhythm.daily_queue(network, settings, day)
        times.append(time.perf_counter() - start)
    profile.stop()

    from keepintouch.tui.snapshot import Snapshot

    snapshot_times = []
    for _ in range(3):
        start = time.perf_counter()
        Snapshot.build(network, settings, day)
        snapshot_times.append(time.perf_counter() - start)
    results = {
        "queue_ms": [ms(x) for x in times],
        "suggestions": len(queue),
        "snapshot_ms": [ms(x) for x in snapshot_times],
    }
    if PROFILE_DIR is not None:  # what the store writer's thread does for one save
        from keepintouch.domain.model import Touch

        profile = Profile("save-worker").start()
        with store.transaction() as tx:
            contact = tx.network().contacts[0]
            tx.put(Touch(contact_id=contact.id, date=day, kind="call", note="Profiled call"))
        Snapshot.build(store.network(), settings, day)
        profile.stop()
        profile = Profile("load").start()
        Store(db, clock, backup_count=0).network()
        profile.stop()
    out.write_text(json.dumps(results), encoding="utf-8")


if __name__ == "__main__":
    mode, out_path = sys.argv[1], Path(sys.argv[2])
    if mode == "app":
        run_app_mode(out_path, *sys.argv[3:6])
    elif mode == "floor":
        run_floor_mode(out_path, sys.argv[3])
    elif mode == "queue":
        run_queue_mode(out_path, *sys.argv[3:6])
    else:
        raise SystemExit(f"unknown mode {mode}")
    sys.stdout.flush()
    os._exit(0)  # skip tearing down a large heap: not part of any figure
