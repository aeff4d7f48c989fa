"""The calendar's planned touches: a plan of the coming weeks, not one day repeated."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import icalendar

from keepintouch.domain.model import Contact, Network, Promise, Settings
from keepintouch.interchange.ics import export_ics, planned_touches

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def network() -> Network:
    weekly = Contact(name="Wendy Weekly", rhythm="weekly", first_due=TODAY, id="wendy0000001")
    monthly = [Contact(name=f"Monty {i}", rhythm="monthly", first_due=TODAY, id=f"monty{i:07d}") for i in range(8)]
    promise = Promise(contact_id=monthly[0].id, text="send the slides", due=TODAY + timedelta(days=2), id="prom00000001")
    return Network(contacts=[weekly, *monthly], promises=[promise])


def test_each_day_plans_new_people_as_if_the_earlier_ones_were_touched() -> None:
    planned = planned_touches(network(), Settings(daily_budget=2), TODAY, 28)
    per_day = Counter(day for day, _ in planned)
    assert max(per_day.values()) <= 2
    people = Counter(s.contact.name for _, s in planned)
    assert all(people[f"Monty {i}"] == 1 for i in range(8))  # everyone once, not the same two daily
    assert people["Wendy Weekly"] == 4
    assert all(s.trigger in ("rhythm", "news") for _, s in planned)


def test_a_person_touched_again_in_the_window_gets_numbered_uids() -> None:
    calendar = icalendar.Calendar.from_ical(export_ics(network(), Settings(daily_budget=2), TODAY, NOW))
    uids = {str(e["UID"]) for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("touch-wendy")}
    assert uids == {f"touch-wendy0000001{suffix}@keepintouch" for suffix in ("", "-2", "-3", "-4")}
    assert any(str(e["UID"]) == "promise-prom00000001@keepintouch" for e in calendar.walk("VEVENT"))


def test_the_plan_follows_a_budget_per_week() -> None:
    planned = planned_touches(network(), Settings(), TODAY, 28)  # 2 a week; TODAY is a Monday
    per_week = Counter((day - TODAY).days // 7 for day, s in planned if s.trigger == "rhythm")
    assert per_week == {0: 2, 1: 2, 2: 2, 3: 2}
