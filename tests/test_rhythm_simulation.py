"""Long runs: a simulated user living with the queue for months, and a large network.

The simulated user adds people one by one on day 0 (with `first_due_for_new`),
then every day acts on every suggestion by logging the suggested touch;
people also reach out now and then. Everything is seeded: a run is the same
every time.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import pairwise

from strategies_rhythm import birthday, days, network, pause, person, touch

from keepintouch.domain.model import (
    NO_ANSWER_KINDS,
    Contact,
    Network,
    Occasion,
    PartialDate,
    Settings,
    Touch,
)
from keepintouch.engine.due import DueDates, rhythm_length
from keepintouch.engine.queue import agenda, daily_queue, first_due_for_new

START = date(2025, 1, 6)
SETTINGS = Settings(daily_budget=2)
MIX = {"weekly": 2, "biweekly": 3, "monthly": 8, "quarterly": 12, "twice-a-year": 6, "yearly": 4}  # ~0.95 due a day


@dataclass
class Run:
    net: Network
    touched: dict[str, list[date]] = field(default_factory=lambda: defaultdict(list))
    suggested: dict[date, list] = field(default_factory=dict)
    waiting: dict[date, int] = field(default_factory=dict)  # due, but not in that day's queue


def live(pause_at: int | None = None, length: int = 365, seed: int = 7) -> Run:
    rnd = random.Random(seed)
    run = Run(network())
    for spec, count in MIX.items():
        for n in range(count):
            first = first_due_for_new(run.net, SETTINGS, START, spec)
            tag = rnd.choice(["work", "friends", "python"])
            run.net.contacts.append(person(f"{spec}-{n}", spec, first_due=first, created=START, tags=[tag]))
    for n in range(10):
        friend = person(f"book-{n}", "none", created=START)
        born = START + days(rnd.randrange(365))
        run.net.contacts.append(friend)
        run.net.occasions.append(birthday(friend, born.month, born.day))
    if pause_at is not None:
        run.net.pauses.append(pause(START + days(pause_at), START + days(pause_at + 14)))
    for n in range(length):
        today = START + days(n)
        queue = daily_queue(run.net, SETTINGS, today)
        run.suggested[today] = queue
        dues = DueDates(run.net, SETTINGS, today)
        shown = {s.contact.id for s in queue}
        run.waiting[today] = sum(1 for cid, d in dues.dates.items() if d <= today and cid not in shown)
        for s in queue:
            run.net.touches.append(touch(s.contact, today, s.touch))
            run.touched[s.contact.id].append(today)
        for contact in run.net.contacts:
            if contact.rhythm != "none" and rnd.random() < 0.004:  # they reach out
                run.net.touches.append(touch(contact, today, "message", direction="in"))
                run.touched[contact.id].append(today)
    return run


def gaps(run: Run, contact: Contact) -> list[int]:
    seen = [START, *sorted(set(run.touched[contact.id]))]
    return [(b - a).days for a, b in pairwise(seen)]


def rhythm_people(run: Run) -> list[tuple[Contact, int]]:
    return [(c, r) for c in run.net.contacts if (r := rhythm_length(c.rhythm)) is not None]


def test_a_year_of_daily_use_keeps_every_rhythm_within_the_budget() -> None:
    run = live()
    for today, queue in run.suggested.items():
        assert sum(s.trigger == "rhythm" for s in queue) <= SETTINGS.budget, today
    for contact, r in rhythm_people(run):
        between = gaps(run, contact)
        slack = 3 + r // 10
        assert between and max(between) <= r + slack, (contact.name, between)
        assert (START + days(365) - max(run.touched[contact.id])).days <= r + slack
        assert len(between) >= 365 // (r + slack), contact.name
        assert sum(between) / len(between) <= r + 1  # kept, not drifting later
    # Due people never pile up: a few wait a day or two when rhythms meet.
    assert max(run.waiting.values()) <= 2 * SETTINGS.budget


def test_birthdays_are_offered_on_the_eve_and_acted_on_once() -> None:
    run = live(length=365)
    for occasion in run.net.occasions:
        eve = occasion.when.in_year(START.year) - days(1)
        if eve >= START:
            offered = [s for s in run.suggested[eve] if s.contact.id == occasion.contact_id]
            assert [s.reason for s in offered] == ["Birthday tomorrow"]
            on_the_day = run.suggested.get(eve + days(1), [])
            assert all(s.contact.id != occasion.contact_id for s in on_the_day)


def test_coming_back_from_a_two_week_pause_is_calm() -> None:
    calm = live()
    run = live(pause_at=180)
    start, until = START + days(180), START + days(194)
    assert all(run.suggested[START + days(n)] == [] for n in range(180, 194))
    would_have_been = sum(len(calm.suggested[START + days(n)]) for n in range(180, 194))
    assert would_have_been >= 10  # the pause mattered: that many were set aside
    for n in range(194, 365):
        today = START + days(n)
        assert sum(s.trigger == "rhythm" for s in run.suggested[today]) <= SETTINGS.budget
    assert run.waiting[until] <= SETTINGS.budget  # no pile on the first day back
    assert max(run.waiting[START + days(n)] for n in range(194, 230)) <= 2 * SETTINGS.budget
    for contact, r in rhythm_people(run):
        assert max(gaps(run, contact)) <= r + 14 + 3 + r // 10, contact.name
    # Nobody moved by the pause landed on a day already at the budget.
    before = [t for t in run.net.touches if t.date < start]
    without = DueDates(Network(run.net.contacts, before), SETTINGS, start).dates
    moved = DueDates(Network(run.net.contacts, before, pauses=run.net.pauses), SETTINGS, start).dates
    landing = Counter(moved.values())
    shifted = [day for cid, day in moved.items() if day != without[cid]]
    assert shifted and all(landing[day] <= SETTINGS.budget for day in shifted)


def test_half_a_year_with_someone_silent_and_someone_who_replies() -> None:
    silent, replier = person("Silent", "monthly", first_due=START), person("Replier", "monthly", first_due=START)
    net = network(silent, replier, Occasion(contact_id=silent.id, kind="birthday", when=PartialDate(5, 1), id="bd"))
    offered: dict[str, list] = {"silent": [], "replier": []}
    for n in range(182):
        today = START + days(n)
        if today == date(2025, 6, 2):
            net.touches.append(touch(silent, today, "message", direction="in"))  # Silent finally writes
        for s in daily_queue(net, SETTINGS, today):
            offered[s.contact.id].append(s)
            if s.trigger == "rhythm":  # a user who always writes and waits for an answer
                net.touches.append(touch(s.contact, today, "message", awaiting_reply=True))
            else:
                net.touches.append(touch(s.contact, today, s.touch))
            if s.contact is replier:
                net.touches.append(touch(replier, today + days(2), "message", direction="in"))
    quiet = [s for s in offered["silent"] if s.trigger == "rhythm"]
    assert [s.due for s in quiet[:2]] == [START, START + days(45)]  # 1.5 × the rhythm of breath
    assert quiet[1].touch in NO_ANSWER_KINDS and quiet[1].reason.startswith("Waiting to hear back since 6 Jan")
    # Then two unanswered: rest, except the birthday, until Silent writes on 2 June.
    assert [s.trigger for s in offered["silent"][2:4]] == ["birthday", "rhythm"]
    assert offered["silent"][3].due == date(2025, 7, 2)
    replies = [s.due for s in offered["replier"]]
    assert [(b - a).days for a, b in pairwise(replies)] == [32] * (len(replies) - 1)


def test_ten_thousand_people_and_a_hundred_thousand_touches_give_a_small_queue() -> None:
    # Speed is measured in bench/, never asserted in the suite.
    rnd = random.Random(3)
    specs = ["weekly", "monthly", "quarterly", "yearly", "none", "6w"]
    created = datetime(2023, 1, 1, tzinfo=UTC)
    today = date(2025, 6, 1)
    people = [
        Contact(name=f"P{n}", rhythm=rnd.choice(specs), tags=[rnd.choice("abc")], id=f"c{n:05d}",
                created=created, updated=created)
        for n in range(10_000)
    ]
    touches = [
        Touch(contact_id=people[rnd.randrange(10_000)].id, date=today - days(rnd.randrange(700)),
              direction=rnd.choice(("in", "out", "out")), awaiting_reply=rnd.random() < 0.05,
              id=f"t{n:06d}", created=created, updated=created)
        for n in range(100_000)
    ]
    touches.sort(key=lambda t: t.date)
    birthdays = [Occasion(contact_id=c.id, kind="birthday", when=PartialDate(rnd.randint(1, 12), rnd.randint(1, 28)),
                          id=f"o{n}", created=created, updated=created) for n, c in enumerate(people[:3000])]
    net = Network(people, touches, occasions=birthdays, pauses=[pause(date(2025, 5, 1), date(2025, 5, 15))])
    queue = daily_queue(net, SETTINGS, today)
    rhythm = [s for s in queue if s.trigger == "rhythm"]
    assert queue and len(rhythm) <= SETTINGS.budget
    plan = agenda(net, SETTINGS, today, 14)
    assert len(plan) == 14 and plan[0][1] == queue
