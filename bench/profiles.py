"""Short text summaries of pyinstrument sessions: where the busy time of a phase went.

pyinstrument's own text output of an event-loop program is dominated by the
loop waiting (`epoll.poll`) and by deep chains of library frames. This keeps
what a reader needs: the busy time, the top functions by self time, and the
call tree pruned to branches of at least `share` of the busy time, with
chains of one dominant child folded onto one line (`a › b › c`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

#: Built-in frames in which a thread waits rather than works (the event loop's epoll.poll).
IDLE = ("epoll.poll", "select.select", "select", "poll", "sleep", "acquire", "lock.acquire")


def _idle(frame: Any) -> bool:
    return frame.function in IDLE and frame.file_path_short == "<built-in>"


def _idle_time(frame: Any) -> float:
    if _idle(frame):
        return frame.time
    return sum(_idle_time(child) for child in frame.children)


def _label(frame: Any) -> str:
    where = frame.file_path_short or ""
    where = where.replace("/work/main/", "").replace("../keepintouch/", "keepintouch/")
    return f"{frame.function}  {where}:{frame.line_no or ''}".rstrip(":")


def summarize(session: Any, title: str, *, share: float = 0.03, top: int = 15) -> str:
    from pyinstrument import processors

    root = session.root_frame()
    for process in (processors.aggregate_repeated_calls, processors.merge_consecutive_self_time):
        root = process(root, options={}) if root is not None else None
    if root is None:
        return f"{title}: no samples\n"
    busy = root.time - _idle_time(root)
    lines = [f"{title}: {root.time:.3f} s recorded, {busy:.3f} s busy (not waiting in the event loop)", ""]

    selfs: dict[str, float] = defaultdict(float)

    def walk(frame: Any) -> None:
        if _idle(frame):
            return
        if frame.function == "[self]":  # pyinstrument's node for its parent's own time
            selfs[_label(frame.parent)] += frame.time
        else:
            selfs[_label(frame)] += frame.time - sum(child.time for child in frame.children)
        for child in frame.children:
            walk(child)

    walk(root)
    lines.append(f"Top {top} functions by self time:")
    for label, seconds in sorted(selfs.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"  {seconds:8.3f} s  {100 * seconds / busy if busy else 0:5.1f} %  {label}")
    lines += ["", f"Call tree (branches >= {share:.0%} of the busy time; `›` folds a chain):"]
    floor = share * busy

    def tree(frame: Any, indent: str) -> None:
        def busy_kids(node: Any) -> list[Any]:
            return [c for c in node.children if not _idle(c) and c.function != "[self]" and c.time - _idle_time(c) >= floor]

        kids = busy_kids(frame)
        chain = [frame]
        while len(kids) == 1 and kids[0].time - _idle_time(kids[0]) >= 0.9 * (chain[-1].time - _idle_time(chain[-1])):
            chain.append(kids[0])
            kids = busy_kids(kids[0])
        names = " › ".join(_label(f) for f in chain) if len(chain) <= 3 else (
            f"{_label(chain[0])} › … › {_label(chain[-1])}"
        )
        spent = chain[-1].time - _idle_time(chain[-1])
        lines.append(f"{indent}{spent:8.3f} s  {names}")
        for kid in sorted(kids, key=lambda c: -c.time):
            tree(kid, indent + "  ")

    tree(root, "")
    return "\n".join(lines) + "\n"
