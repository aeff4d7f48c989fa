"""A believable demo network of 26 people (one archived), dated relative to today.

It shows every feature at once: rhythms of every length, birthdays with and
without a year, a work anniversary, fresh news, open promises, someone you
await a reply from, a snoozed contact and a year of touches of every kind.
Built deterministically from the date (fixed ids, seeded choices), so
screenshots and snapshot tests stay stable.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from keepintouch.domain.clock import Clock
from keepintouch.domain.model import Contact, Network, Occasion, PartialDate, Promise, Touch
from keepintouch.store.database import Store

# name, org, role, met, tags, rhythm, topics
PEOPLE: list[tuple[str, str, str, str, list[str], str, list[str]]] = [
    ("Ada Okafor", "Northwind Labs", "Head of Data", "PyData Berlin, 2022", ["data", "conference"], "monthly", ["data engineering", "open source"]),
    ("Bruno Lindqvist", "Fjord Analytics", "CTO", "Former colleague at Tessel", ["ex-colleague"], "quarterly", ["startups", "sailing"]),
    ("Chiara Russo", "Studio Russo", "Product designer", "Design sprint we ran together", ["design"], "6w", ["typography"]),
    ("Dmitri Volkov", "Helix Bio", "Research engineer", "Hackathon teammate", ["friends", "science"], "twice-a-year", ["protein folding"]),
    ("Elena García", "Mercado Pay", "Engineering manager", "Mentor from my first job", ["mentor"], "monthly", ["leadership", "coaching"]),
    ("Farah Haddad", "Open Health Network", "Program lead", "Panel at HealthTech Summit", ["health", "conference"], "quarterly", ["public health"]),
    ("Gustav Berg", "Berg & Partners", "Founder", "Introduced by Elena", ["founder"], "quarterly", ["bootstrapping"]),
    ("Hana Sato", "Kumo Cloud", "Staff engineer", "Rust meetup in town", ["rust", "meetup"], "biweekly", ["Rust", "compilers"]),
    ("Ibrahim Diallo", "Savanna Ventures", "Partner", "Pitch practice feedback", ["investor"], "twice-a-year", ["climate tech"]),
    ("Julia Nowak", "Freelance", "Writer", "Podcast guest swap", ["writing"], "quarterly", ["tech writing"]),
    ("Kofi Mensah", "Accra Code School", "Director", "Volunteered at his school", ["education"], "yearly", ["teaching"]),
    ("Lena Hoffmann", "Tessel", "VP Engineering", "My former manager", ["ex-colleague", "mentor"], "quarterly", ["org design"]),
    ("Mateo Silva", "Rio Robotics", "Hardware lead", "University lab partner", ["friends"], "monthly", ["robotics"]),
    ("Nadia Petrova", "Lumen Media", "Editor", "Wrote a guest post for her", ["writing", "media"], "twice-a-year", ["newsletters"]),
    ("Oliver Grant", "Grant Legal", "Startup lawyer", "Helped with our seed round", ["advisor"], "yearly", []),
    ("Priya Raman", "Northwind Labs", "ML engineer", "Ada's teammate", ["data"], "quarterly", ["MLOps"]),
    ("Quentin Moreau", "Atelier Q", "Illustrator", "Commissioned our conference poster", ["design"], "none", ["illustration"]),
    ("Rosa Jiménez", "City Library", "Community manager", "Organises the tech book club", ["community"], "monthly", ["books"]),
    ("Samuel Adeyemi", "Paystack", "Product manager", "Intro from Kofi", ["fintech"], "quarterly", ["payments"]),
    ("Tara Walsh", "Harbour Coffee", "Owner", "Our office coffee place", ["local"], "none", []),
    ("Umar Farouk", "Kumo Cloud", "Developer advocate", "KubeCon hallway track", ["conference"], "twice-a-year", ["DevRel"]),
    ("Vera Costa", "Lisbon JS", "Meetup organiser", "Spoke at her meetup", ["meetup", "community"], "quarterly", ["JavaScript"]),
    ("Wen Li", "Tsinghua", "PhD student", "Mentee from a mentoring program", ["mentee"], "monthly", ["NLP research"]),
    ("Yusuf Kaya", "Anatolia Games", "Game designer", "Game jam teammate", ["friends", "games"], "twice-a-year", ["indie games"]),
    ("Zoe Clarke", "GreenGrid", "Sustainability lead", "Climate meetup", ["climate"], "quarterly", ["energy transition"]),
    ("Xavier Dupont", "Tessel", "Sales engineer", "Former colleague, left tech to farm", ["ex-colleague"], "none", []),
]

# Notes for touches, by kind: short, specific, like real notes after the fact.
NOTES: dict[str, list[str]] = {
    "react": ["Liked the post about the new release", "Reacted to the photos from the trip", "Applauded the team milestone post"],
    "congrats": ["Congratulated on the promotion", "Congrats on the funding announcement", "Happy birthday message"],
    "share": ["Sent the article on event sourcing we talked about", "Shared a podcast episode on their topic", "Forwarded a job post that fit their team"],
    "thanks": ["Thanked for the intro to the design team", "Thanks for the book recommendation — loved it", "Thanked for the feedback on my talk"],
    "comment": ["Commented on the blog post with a question", "Left a note on the launch thread", "Added a thought to the discussion on remote work"],
    "message": ["Asked how the move went", "Checked in after the conference", "Sent notes from the workshop"],
    "call": ["30 min call: career change ideas, wants to move to product", "Caught up on the new job, kids are well", "Call about the partnership idea, follow up in spring"],
    "coffee": ["Coffee at Harbour: talked about burnout and hiking", "Coffee near the office, swapped book tips", "Long coffee, lots about their new team"],
    "meeting": ["Lunch meeting about the open-source grant", "Met at the meetup afterparty", "Workshop together at the library"],
    "intro": ["Introduced them to Gustav about hiring", "Intro to Priya for the ML question", "Connected them with a recruiter friend"],
    "other": ["Sent a postcard from Lisbon", "Bumped into each other at the station", "Mailed a copy of my zine"],
}


def build_demo_network(today: date) -> Network:
    """The demo people and their history, as records dated relative to `today`."""
    rng = random.Random(20261123)
    stamp = datetime.combine(today - timedelta(days=400), time(9, 0), tzinfo=UTC)
    network = Network()
    ids: dict[str, str] = {}
    for index, (name, org, role, met, tags, rhythm, topics) in enumerate(PEOPLE):
        first = name.split()[0].lower()
        contact = Contact(
            id=f"demo{index:02d}",
            name=name,
            org=org,
            role=role,
            met=met,
            tags=tags,
            rhythm=rhythm,
            topics=topics,
            emails=[f"{first}@{org.lower().replace(' ', '').replace('&', '')}.example"],
            urls=[f"https://www.linkedin.com/in/{name.lower().replace(' ', '-')}"],
            created=stamp,
            updated=stamp,
        )
        ids[first] = contact.id
        network.contacts.append(contact)

    kinds = list(NOTES)
    for contact in network.contacts:
        for n in range(rng.randint(2, 7)):
            kind = kinds[rng.randrange(len(kinds))]
            outbound = rng.random() >= 0.3
            network.touches.append(
                Touch(
                    id=f"{contact.id}t{n}",
                    contact_id=contact.id,
                    date=today - timedelta(days=rng.randint(40, 360)),
                    kind=kind,
                    direction="out" if outbound else "in",
                    note=rng.choice(NOTES[kind]),
                    gave=outbound and kind in ("share", "intro", "thanks") and rng.random() < 0.8,
                    asked=outbound and kind in ("message", "call") and rng.random() < 0.3,
                    created=stamp,
                    updated=stamp,
                )
            )

    def touch(who: str, days_ago: int, kind: str, note: str, **flags: object) -> None:
        network.touches.append(
            Touch(
                id=f"{ids[who]}r{days_ago}",
                contact_id=ids[who],
                date=today - timedelta(days=days_ago),
                kind=kind,
                note=note,
                created=stamp,
                updated=stamp,
                **flags,  # type: ignore[arg-type]
            )
        )

    # Recent life, so the queue and the notes pane have something real to show.
    touch("hana", 3, "coffee", "Coffee after the Rust meetup; she is writing a borrow-checker talk")
    touch("elena", 12, "call", "Monthly call: how to give feedback to a senior report", asked=True)
    touch("mateo", 20, "message", "Asked if he wants to co-write the robotics article", awaiting_reply=True, asked=True)
    touch("wen", 8, "share", "Sent the paper on retrieval evaluation", gave=True)
    touch("wen", 2, "message", "She replied with questions about the paper", direction="in")
    touch("rosa", 25, "meeting", "Book club: we read 'The Mythical Man-Month'")
    touch("gustav", 60, "intro", "Introduced him to Samuel about payments", gave=True)
    touch("samuel", 58, "thanks", "Thanked me for the intro to Gustav", direction="in")
    touch("ada", 34, "coffee", "Coffee: she is hiring a data engineer, asked me to spread the word", gave=True)
    touch("lena", 100, "call", "Long call about leaving Tessel; she wants to mentor more")
    touch("chiara", 50, "comment", "Commented on her typography thread")
    touch("bruno", 80, "message", "Wished luck with the regatta", awaiting_reply=True)
    touch("bruno", 40, "react", "Liked the regatta photos", awaiting_reply=True)

    def occasion(who: str, kind: str, when: str, label: str = "", yearly: bool = True) -> None:
        network.occasions.append(
            Occasion(
                id=f"{ids[who]}o{kind}{len(network.occasions)}",
                contact_id=ids[who],
                kind=kind,
                when=PartialDate.parse(when),
                label=label,
                yearly=yearly,
                created=stamp,
                updated=stamp,
            )
        )

    def yearly_on(offset: int, year: int | None) -> str:
        day = today + timedelta(days=offset)
        return PartialDate(day.month, day.day, year).isoformat()

    occasion("julia", "birthday", yearly_on(1, 1988))  # birthday tomorrow, with year
    occasion("kofi", "birthday", yearly_on(9, None))  # without year
    occasion("vera", "birthday", yearly_on(-70, 1992))
    occasion("lena", "anniversary", yearly_on(0, today.year - 5), "joined Tessel")
    occasion("farah", "birthday", yearly_on(150, None))
    news_day = today - timedelta(days=3)
    occasion(
        "priya",
        "news",
        PartialDate(news_day.month, news_day.day, news_day.year).isoformat(),
        "Gave a talk on feature stores at MLOps World",
        yearly=False,
    )

    def promise(who: str, text: str, due_in: int | None, kept_ago: int | None = None) -> None:
        network.promises.append(
            Promise(
                id=f"{ids[who]}p{len(network.promises)}",
                contact_id=ids[who],
                text=text,
                due=None if due_in is None else today + timedelta(days=due_in),
                done=kept_ago is not None,
                done_on=None if kept_ago is None else today - timedelta(days=kept_ago),
                created=stamp,
                updated=stamp,
            )
        )

    promise("ada", "Share the data engineer job post with the Rust meetup", 0)
    promise("hana", "Send her my notes on lifetimes for the talk", 5)
    promise("wen", "Introduce her to Priya about an internship", None)
    promise("elena", "Send her the book on radical candor", -30, kept_ago=33)  # kept on time
    promise("gustav", "Review his pricing page", -75, kept_ago=61)  # kept, a little late

    for contact in network.contacts:
        if contact.name.startswith("Oliver"):
            contact.snoozed_until = today + timedelta(days=10)
        if contact.name.startswith("Xavier"):
            contact.archived = True
    return network


def write_demo_db(path: Path, clock: Clock) -> None:
    """Create a fresh demo database at `path` (which must not hold user data)."""
    network = build_demo_network(clock.today())
    store = Store(path, clock, backup_count=1)
    with store.transaction() as tx:
        for records in (
            network.contacts,
            network.touches,
            network.occasions,
            network.promises,
        ):
            tx.put_many(records)
