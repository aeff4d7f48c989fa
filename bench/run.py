"""The performance benchmark: one command, one table, one JSON file.

    python bench/run.py [--sizes 1000,10000] [--repeat 5] [--out bench/results/latest.json]
                        [--import-rows 5000] [--workdir DIR] [--no-khard] [--profile DIR]
                        [--target-size 10000]
    python bench/run.py --show bench/results/latest.json   # the table of earlier results

For each size it writes a deterministic synthetic network (`synth.py`: N
contacts × 10 touches with ~200-character notes, a LinkedIn CSV, the same
people as vCards), then measures each figure as the median of `--repeat`
runs, beside its floor measured in the same run:

| figure | how | floor / peer |
| --- | --- | --- |
| startup | process start → first frame of the main screen with People and Today filled (headless, 120×40; `app_child.py`) | a bare Textual app's first frame + reading and `orjson`-parsing the same file, also from process start |
| filter | keystroke in the People filter → the frame showing the updated list, every key of 6 typed-and-erased queries | — (one frame: 16 ms) |
| queue | today's suggestions computed in-process from the network as the store hands it out: its records and the per-person touch index it keeps up to date between saves (built while loading, so inside startup); nothing of a previous queue is reused | — |
| today | `keepintouch today` as a whole process | a process that reads and parses the file |
| save blocked | logging a touch with the log form (`ctrl+s`): the longest the event loop could not run, until the confirmation is on screen | — (one frame: 16 ms) |
| save durable | `ctrl+s` → the atomic write of the database returned (fsynced, renamed) | an atomic write (dumps + fsync + rename) of the same document |
| save confirmed | `ctrl+s` → the app handled the writer's `Saved` message (panes show the change) | the same floor |
| import | `keepintouch import` of a 5,000-row LinkedIn CSV (half already in the network) as a whole process | — |
| memory | peak RSS of the app process after startup, filtering and six saves | the database file's size |
| list vs khard | `keepintouch list` vs `khard list` on the same people (vCards from our own export) | khard, as the peer |
| vdir: first sync | `keepintouch vdir-sync DIR` into an empty folder: one card written (and fsynced) per person, once | — |
| vdir: nothing changed | `keepintouch vdir-sync DIR` again: every card looked at and every person compared, nothing written | `keepintouch today` (a process that reads the database) |
| vdir: edit | `keepintouch edit NAME --org X` with `vdir` in the config (the edit, then the sync that rewrites one card) | the same edit without a vdir |

The first save of a run also makes the day's backup; it is reported on its
own line, and the save figures are over the other saves. Pass or miss is
judged at `--target-size` (10,000: where the targets are set); other sizes
inform. Results go to the JSON file (`--out`) and the table to stdout, as
Markdown, ready for the README. With `--profile DIR`, one more run per size is recorded with
pyinstrument (startup, filter, save, queue, a save's worker thread, loading)
and summarised in DIR; its timings are not used.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

FRAME_MS = 16.0


@dataclass
class Figure:
    """One line of the table."""

    label: str
    value: float | None
    unit: str
    target: str  # for the table, e.g. "≤ 1.3 × floor"
    floor: float | None = None
    ratio: float | None = None
    passed: bool | None = None  # None: information only, or not measured
    note: str = ""
    samples: list[float] = field(default_factory=list)


def median(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)


# --------------------------------------------------------------------------
# Processes


def python() -> str:
    return sys.executable


def keepintouch_cmd(db: Path, config: Path, *args: str) -> list[str]:
    return [python(), "-m", "keepintouch", "--db", str(db), "--config", str(config), "--today", synth.TODAY.isoformat(), *args]


def khard_path() -> str | None:
    beside = Path(sys.executable).with_name("khard")
    return str(beside) if beside.exists() else shutil.which("khard")


def timed(cmd: list[str], *, env: dict[str, str] | None = None, ok: tuple[int, ...] = (0,)) -> float:
    """Wall time of a whole process, in ms (output discarded)."""
    start = time.monotonic()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=False)
    elapsed = time.monotonic() - start
    if proc.returncode not in ok:
        raise RuntimeError(f"{' '.join(cmd)} exited with {proc.returncode}: {proc.stderr.decode()[-2000:]}")
    return round(elapsed * 1000, 2)


def child(mode: str, *args: str, profile: Path | None = None) -> dict[str, Any]:
    """Run `app_child.py MODE` and return what it measured."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    env = dict(os.environ)
    env.pop("BENCH_PROFILE", None)
    if profile is not None:
        env["BENCH_PROFILE"] = str(profile)
    cmd = [python(), str(HERE / "app_child.py"), mode, str(out), *args]
    env["BENCH_T0"] = repr(time.monotonic())
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    try:
        if proc.returncode != 0:
            raise RuntimeError(f"app_child {mode} failed ({proc.returncode}): {proc.stderr.decode()[-3000:]}")
        return json.loads(out.read_text(encoding="utf-8"))
    finally:
        out.unlink(missing_ok=True)


def fresh_copy(db: Path, folder: Path) -> Path:
    """A copy of the database alone in its folder (no backups yet, as on a new day)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    copy = folder / db.name
    shutil.copyfile(db, copy)
    os.chmod(copy, 0o600)
    return copy


def khard_config(folder: Path, vcards: Path) -> Path:
    config = folder / "khard.conf"
    config.write_text(
        "[addressbooks]\n[[bench]]\npath = " + str(vcards) + "\n\n"
        "[general]\ndebug = no\ndefault_action = list\neditor = true\nmerge_editor = true\n\n"
        "[contact table]\ndisplay = first_name\ngroup_by_addressbook = no\nreverse = no\n"
        "show_nicknames = no\nshow_uids = yes\nsort = last_name\nlocalize_dates = yes\n\n"
        "[vcard]\npreferred_version = 3.0\nsearch_in_source_files = no\nskip_unparsable = no\n",
        encoding="utf-8",
    )
    return config


# --------------------------------------------------------------------------
# One size


def measure_size(size: int, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    folder = work / str(size)
    khard = None if args.no_khard else khard_path()
    print(f"[{size}] writing the synthetic network…", file=sys.stderr, flush=True)
    files = synth.write_network(folder / "data", size, import_rows=args.import_rows, vcards=khard is not None)
    config = folder / "config.toml"  # absent: the defaults, as for a new user
    khard_conf = khard_config(folder, files.vcards) if khard else None
    khard_env = dict(os.environ, XDG_CONFIG_HOME=str(folder / "xdg")) if khard else None

    apps: list[dict[str, Any]] = []
    floors: list[dict[str, Any]] = []
    today, parse, lists, khards, imports = [], [], [], [], []
    parse_cmd = [python(), "-c", "import gc,sys,orjson; gc.disable(); orjson.loads(open(sys.argv[1],'rb').read())", str(files.db)]
    for run in range(args.repeat):
        print(f"[{size}] run {run + 1}/{args.repeat}", file=sys.stderr, flush=True)
        db = fresh_copy(files.db, folder / "run")
        apps.append(child("app", str(db), str(config), synth.TODAY.isoformat()))
        floors.append(child("floor", str(files.db)))
        today.append(timed(keepintouch_cmd(files.db, config, "today")))
        parse.append(timed(parse_cmd))
        lists.append(timed(keepintouch_cmd(files.db, config, "list")))
        if khard:
            khards.append(timed([khard, "-c", str(khard_conf), "list"], env=khard_env))
        db = fresh_copy(files.db, folder / "import")
        imports.append(timed(keepintouch_cmd(db, config, "import", str(files.linkedin))))
    queue = child("queue", str(files.db), str(config), synth.TODAY.isoformat())
    if args.profile:
        target = Path(args.profile) / str(size)
        print(f"[{size}] profiling into {target}…", file=sys.stderr, flush=True)
        db = fresh_copy(files.db, folder / "profile")
        child("app", str(db), str(config), synth.TODAY.isoformat(), profile=target)
        db = fresh_copy(files.db, folder / "profile")
        child("queue", str(db), str(config), synth.TODAY.isoformat(), profile=target)

    figures: dict[str, Figure] = {}

    # startup
    value = median([a["startup_ms"] for a in apps])
    floor = median([f["startup_ms"] for f in floors])
    marks = {k: median([a["marks_ms"][k] for a in apps]) for k in apps[0]["marks_ms"]}
    figures["startup"] = ratio_figure(
        "startup to first full frame", value, floor, 1.3, samples=[a["startup_ms"] for a in apps],
        note=(
            f"floor: read & parse {median([f['parse_ms'] for f in floors])} ms, the rest the bare Textual app; "
            f"app, from process start: command line imported {marks.get('cli_imported')} ms, database read "
            f"{marks.get('store_opened')} ms, Textual imported {marks.get('textual_imported')} ms, records decoded "
            f"and the view built {marks.get('app_built')} ms, first frame {value} ms"
        ),
    )
    # filter
    keys = [x for a in apps for x in a["filter_ms"]]
    figures["filter"] = Figure(
        "filter, per keystroke", median(keys), "ms", f"≤ {FRAME_MS:g} ms", passed=le(median(keys), FRAME_MS),
        note=f"median of {len(keys)} keystrokes; p90 {percentile(keys, 0.9)} ms, max {max(keys) if keys else None} ms",
    )
    # queue
    value = median(queue["queue_ms"])
    figures["queue"] = Figure(
        "queue, in-process", value, "ms", "≤ 50 ms", passed=le(value, 50), samples=queue["queue_ms"],
        note=f"{queue['suggestions']} suggestions; the app's whole per-network view (Snapshot.build) {median(queue['snapshot_ms'])} ms",
    )
    figures["today"] = ratio_figure("`keepintouch today` (process)", median(today), median(parse), None, samples=today, note="floor = a process that reads and parses the file")
    # save
    steady = [s for a in apps for s in a["saves"][1:]]
    first = [a["saves"][0] for a in apps]
    blocked = [s["blocked_ms"] for s in steady]
    own = [s["blocked_cpu_ms"] for s in steady]
    handler = [s["saved_handler_ms"] for s in steady]
    full_gc = [a["gc_during_saves"]["longest_full_ms"] for a in apps]
    figures["save_blocked"] = Figure(
        "save: UI blocked", median(blocked), "ms", f"≤ {FRAME_MS:g} ms", passed=le(median(blocked), FRAME_MS), samples=blocked,
        note=(
            f"longest event-loop stall from ctrl+s to the confirmation on screen; max {max(blocked) if blocked else None} ms; "
            f"of the longest stall, the main thread itself ran {median(own)} ms (median), the rest it waited for the GIL; "
            f"the app's `Saved` handler alone {median(handler)} ms; longest full garbage collection while saving "
            f"{median(full_gc)} ms (median of runs)"
        ),
    )
    save_floor = median([x for a in apps for x in a["save_floor_ms"]])
    durable = [s["durable_ms"] for s in steady]
    figures["save_durable"] = ratio_figure("save: durable", median(durable), save_floor, 2.0, samples=durable, note="ctrl+s → atomic write done; floor = dumps + fsync + rename of the same document")
    confirmed = [s["confirmed_ms"] for s in steady]
    figures["save_confirmed"] = ratio_figure("save: confirmed", median(confirmed), save_floor, None, samples=confirmed, note="ctrl+s → the app handled `Saved` (panes refreshed)")
    figures["save_first"] = ratio_figure(
        "first save of the day (+ backup)", median([s["durable_ms"] for s in first]), save_floor, None,
        samples=[s["durable_ms"] for s in first], note="durable; includes copying the file to backups/",
    )
    # import
    value = median(imports)
    figures["import"] = Figure(
        f"import {files.import_rows:,} LinkedIn rows (process)", value, "ms", "≤ 3000 ms", passed=le(value, 3000), samples=imports,
        note="into a copy of this network; half the rows are people already in it",
    )
    # memory
    mb = files.db_bytes / 2**20
    rss = median([a["peak_rss_mb"] for a in apps])
    figures["memory"] = ratio_figure(
        "memory: peak RSS", rss, round(mb, 1), 8.0, unit="MiB", samples=[a["peak_rss_mb"] for a in apps],
        note=f"after startup {median([a['rss_after_startup_mb'] for a in apps])} MiB; floor = the file's size",
    )
    # list vs khard
    value, peer = median(lists), median(khards)
    figures["list_vs_khard"] = Figure(
        "`keepintouch list` vs `khard list`", value, "ms", "≥ 5 × faster",
        floor=peer, ratio=round(peer / value, 2) if value and peer else None,
        passed=(peer / value >= 5) if value and peer else None, samples=lists,
        note=f"khard list {peer} ms on the same {files.contacts:,} people as vCards" if peer else "khard not installed: skipped",
    )
    figures.update(measure_vdir(files.db, folder / "vdir", args.repeat))
    if size != args.target_size:  # the targets are set for one size: elsewhere the figures inform
        for fig in figures.values():
            fig.passed = None
    return {
        "contacts": files.contacts,
        "touches": files.touches,
        "db_bytes": files.db_bytes,
        "import_rows": files.import_rows,
        "repeat": args.repeat,
        "figures": {name: asdict(fig) for name, fig in figures.items()},
    }


def measure_vdir(db_file: Path, folder: Path, repeat: int) -> dict[str, Figure]:
    """The vdir sync as a user meets it: the first sync, a sync with nothing to do, an edit that syncs."""
    db = fresh_copy(db_file, folder)
    book, plain, synced = folder / "book", folder / "plain.toml", folder / "synced.toml"
    book.mkdir()
    synced.write_text(f"vdir = {json.dumps(str(book))}\n", encoding="utf-8")
    listed = subprocess.run(keepintouch_cmd(db, plain, "list", "--json"), capture_output=True, check=True).stdout
    names = [person["name"] for person in json.loads(listed)]
    name = next(n for n in names if names.count(n) == 1)
    first = timed(keepintouch_cmd(db, plain, "vdir-sync", str(book)))
    noop, today, edits, synced_edits = [], [], [], []
    for run in range(repeat):
        noop.append(timed(keepintouch_cmd(db, plain, "vdir-sync", str(book))))
        today.append(timed(keepintouch_cmd(db, plain, "today")))
        edits.append(timed(keepintouch_cmd(db, plain, "edit", name, "--org", f"Plain {run}")))
        synced_edits.append(timed(keepintouch_cmd(db, synced, "edit", name, "--org", f"Synced {run}")))
    cards = len(list(book.glob("*.vcf")))
    return {
        "vdir_first": Figure(
            "vdir: first sync (process)", first, "ms", "—", note=f"{cards:,} cards written, each atomically (fsync + rename)"
        ),
        "vdir_noop": ratio_figure(
            "vdir: nothing changed (process)", median(noop), median(today), 2.0, samples=noop,
            note=f"{cards:,} cards, each looked at (name, time, size) and none read, every person compared; floor = `keepintouch today`",
        ),
        "vdir_edit": ratio_figure(
            "vdir: an edit that syncs (process)", median(synced_edits), median(edits), 1.5, samples=synced_edits,
            note="`edit --org` with `vdir` set: the edit, then one card rewritten; floor = the same edit without a vdir",
        ),
    }


def le(value: float | None, limit: float) -> bool | None:
    return None if value is None else value <= limit


def ratio_figure(
    label: str, value: float | None, floor: float | None, limit: float | None, *, unit: str = "ms", samples: list[float] | None = None, note: str = ""
) -> Figure:
    ratio = round(value / floor, 2) if value is not None and floor else None
    return Figure(
        label, value, unit, f"≤ {limit:g} × floor" if limit else "—", floor=floor, ratio=ratio,
        passed=None if limit is None or ratio is None else ratio <= limit, samples=samples or [], note=note,
    )


# --------------------------------------------------------------------------
# Output


def fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"
    return f"{text} {unit}".strip()


def table(results: dict[str, Any]) -> str:
    lines = [
        "| size | figure | value | floor / peer | ratio | target | result |",
        "| ---: | --- | ---: | ---: | ---: | --- | --- |",
    ]
    for size, data in results["sizes"].items():
        for fig in data["figures"].values():
            result = {True: "pass", False: "**miss**", None: "—"}[fig["passed"]]
            if fig["value"] is None:
                result = "skipped"
            ratio = "—" if fig["ratio"] is None else f"{fig['ratio']:.2f} ×"
            lines.append(
                f"| {int(size):,} | {fig['label']} | {fmt(fig['value'], fig['unit'])} | {fmt(fig['floor'], fig['unit'])} "
                f"| {ratio} | {fig['target']} | {result} |"
            )
    return "\n".join(lines)


def notes(results: dict[str, Any]) -> str:
    lines = []
    for size, data in results["sizes"].items():
        for fig in data["figures"].values():
            if fig["note"]:
                lines.append(f"- {int(size):,} · {fig['label']}: {fig['note']}")
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    import textual

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "textual": textual.__version__,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated numbers of contacts (default: 1000,10000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure; the median is reported (default: 5)")
    parser.add_argument("--out", default=str(HERE / "results" / "latest.json"), help="where to write the JSON results")
    parser.add_argument("--import-rows", type=int, default=5000, help="rows of the LinkedIn CSV (default: 5000)")
    parser.add_argument("--workdir", help="where to write the synthetic data (default: a temporary folder, removed)")
    parser.add_argument("--no-khard", action="store_true", help="skip the khard comparison")
    parser.add_argument("--profile", metavar="DIR", help="also record pyinstrument profiles of one run per size into DIR")
    parser.add_argument("--target-size", type=int, default=10000, help="the size the targets are set for (default: 10000)")
    parser.add_argument("--show", metavar="JSON", help="only print the table and notes of earlier results")
    args = parser.parse_args(argv)
    if args.show:
        results = json.loads(Path(args.show).read_text(encoding="utf-8"))
        print(table(results) + "\n\n" + notes(results))
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="keepintouch-bench-"))
    started = time.monotonic()
    try:
        results: dict[str, Any] = {
            "format": "keepintouch-bench",
            "version": 1,
            "generated": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "command": "python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:]),
            "machine": machine(),
            "sizes": {},
        }
        for size in sizes:
            results["sizes"][str(size)] = measure_size(size, args, work)
        results["seconds"] = round(time.monotonic() - started, 1)
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(results) + "\n\n" + notes(results))
    print(f"\nWritten to {out} ({results['seconds']} s).", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
