"""Deterministic synthetic networks for the benchmark.

`write_network(folder, contacts)` writes, for one size:

- `keepintouch.json`: a real keepintouch database in its on-disk layout
  (`store/schema.py`: one TinyDB document of tables, numeric string document
  ids, a `_meta` table with the schema version), built from the model's own
  records and `to_dict`, so the store loads it like any user's file;
- `linkedin.csv`: a LinkedIn `Connections.csv` (preamble, header, rows) of
  `import_rows` connections: half of them people already in the network
  (same profile URL: a merge), half new people;
- `vcards/`: the same contacts as vCard files, one per person (as khard and
  any vdir-based address book keep them), written by keepintouch's own vCard
  export.

Everything comes from a seeded `random.Random`: the same size gives the
same bytes on every machine and in every run. Dates are relative to
`TODAY`, the date the benchmark runs the app on (`--today`).

Per person: a realistic international name, organisation, role and tags, a
rhythm (half have none, as imported address books do), channels, and
`touches_each` touches over the last three years with notes of about 200
characters; birthdays for 8 % (LinkedIn exports none), work anniversaries for
5 %, news for 1 %, an open promise for 0.3 %, one past pause, a few day records.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import orjson

from keepintouch.domain.model import TOUCH_KINDS, Contact, Day, Network, Occasion, PartialDate, Pause, Promise, Touch
from keepintouch.interchange.vcard_export import export_vcards
from keepintouch.store.json_file import atomic_write
from keepintouch.store.schema import META_TABLE, SCHEMA_VERSION, TABLES, VERSION_KEY

TODAY = date(2026, 11, 23)
SEED = 20261123

FIRST = (
    "Ada Aisha Akira Alejandro Alice Amara Amir Ana Andrea Anna Antoine Arjun Astrid Aylin Beatriz Ben Bianca "
    "Bruno Camille Carlos Chen Chiara Chloe Daniel David Diego Dmitri Elena Elif Emma Emeka Eva Fatima Felix "
    "Freya Gabriel Giulia Grace Hana Hannah Hiroshi Ibrahim Ines Ingrid Isabel Ivan Jakob James Javier Jin Johan "
    "Julia Kai Kamala Karim Katarzyna Kenji Kofi Lara Laura Lea Leila Lena Leon Li Liam Lucas Lucia Luis Maja "
    "Malik Marco Maria Marie Mariam Mark Marta Mateo Maya Mei Mia Miguel Mohammed Nadia Nia Nikolai Nina Noah "
    "Nora Oliver Olga Omar Oscar Pablo Paula Pedro Priya Rafael Rahul Ravi Rosa Ruth Sara Sebastian Sofia Sven "
    "Tariq Tomas Uma Valentina Vera Victor Wei Wen Yara Yusuf Zainab Zoe"
).split()
LAST = (
    "Abe Adeyemi Ahmed Alvarez Andersen Bauer Becker Berg Bianchi Brown Castro Chen Clarke Costa Cruz Dubois "
    "Eriksson Fernandes Fischer Garcia Gonzalez Gupta Haddad Hansen Hoffmann Hughes Ivanova Jensen Jimenez "
    "Johansson Kaya Khan Kim Kowalski Kumar Larsen Laurent Lee Lindqvist Lopez Martin Mensah Meyer Moreau "
    "Muller Murphy Nakamura Nguyen Nielsen Novak Nowak Okafor Olsen Park Patel Perez Petrov Popescu Quinn "
    "Raman Ramos Rossi Russo Sato Schmidt Schneider Silva Singh Smith Sousa Suzuki Takahashi Tanaka Torres "
    "Van Dijk|Volkov Wagner Walsh Wang Weber Williams Wilson Wong Yamamoto Yilmaz Zhang Zimmermann"
).replace("Van Dijk|", "Van_Dijk ").split()
ORG_A = "North South Blue Green Bright Open Clear Silver Iron Red Swift True Deep Pine River Harbor Summit Nova Atlas Lumen".split()
ORG_B = "Labs Analytics Systems Health Capital Robotics Media Studio Works Cloud Bio Energy Logistics Pay Games Legal Foods Data Partners Ventures".split()
ROLES = (
    "Software engineer|Staff engineer|Engineering manager|Product manager|Product designer|Data scientist|"
    "Head of Data|CTO|Founder|Co-founder & CEO|Recruiter|Talent partner|Sales engineer|Account executive|"
    "Developer advocate|Research scientist|ML engineer|VP Engineering|Marketing lead|Consultant|Partner|"
    "Operations manager|UX researcher|Security engineer|Site reliability engineer|Writer|Editor|Lawyer"
).split("|")
TAGS = (
    "ex-colleague mentor mentee friends conference meetup investor founder design data rust python "
    "community writing health fintech climate advisor recruiter alumni local open-source speaking"
).split()
RHYTHMS = (
    ["none"] * 50 + ["monthly"] * 10 + ["quarterly"] * 16 + ["twice-a-year"] * 10 + ["yearly"] * 6
    + ["biweekly"] * 3 + ["weekly"] * 1 + ["6w"] * 2 + ["45d"] * 2
)
TOPICS = "open source|hiring|climate tech|design systems|MLOps|startups|public speaking|Rust|leadership|books".split("|")
NOTE_BITS = (
    "Caught up over coffee near the station", "Long call about the move to product management",
    "Talked about the new team and how the reorg went", "She asked for an intro to someone in climate tech",
    "He is thinking about leaving to start something of his own", "Shared the article on event sourcing we discussed",
    "Congratulated them on the promotion; they seemed genuinely happy", "Kids are well, the older one started school",
    "Wants feedback on a talk proposal for the spring conference", "Follow up in a month about the open role",
    "We swapped book recommendations: Range, Working in Public", "Reacted to the launch post and left a short comment",
    "Mentioned burnout last winter, doing better with four-day weeks", "Met at the meetup afterparty, good chat about Rust",
    "Promised to send the slides and the recording link", "Their startup closed a seed round led by a climate fund",
    "Asked how the hiking trip in the Dolomites went", "Quick thanks for reviewing my draft, very useful notes",
    "Discussed pricing for the consulting project; no pressure", "Back from parental leave, easing in slowly",
)
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


@dataclass(frozen=True)
class Files:
    db: Path
    linkedin: Path
    vcards: Path
    db_bytes: int
    contacts: int
    touches: int
    import_rows: int


def _id(rng: random.Random) -> str:
    return f"{rng.getrandbits(48):012x}"


def _stamp(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randrange(7, 22), rng.randrange(60)), tzinfo=UTC)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST).replace('_', ' ')}"


def _org(rng: random.Random) -> str:
    return f"{rng.choice(ORG_A)} {rng.choice(ORG_B)}"


def _note(rng: random.Random) -> str:
    """About 200 characters (40 to 360), like a few lines typed after a call."""
    target = rng.choice((40, 120, 200, 200, 240, 280, 360))
    parts: list[str] = []
    while sum(len(p) + 2 for p in parts) < target:
        parts.append(rng.choice(NOTE_BITS))
    return ". ".join(parts)[:target].rstrip() + "."


def _slug(name: str, rng: random.Random) -> str:
    return name.lower().replace(" ", "-") + f"-{rng.getrandbits(24):06x}"


def build_network(contacts: int, touches_each: int = 10, seed: int = SEED) -> Network:
    """`contacts` people with `touches_each` touches each, the same for the same arguments."""
    rng = random.Random(seed * 100_003 + contacts)
    network = Network()
    start = TODAY - timedelta(days=3 * 365)
    for _ in range(contacts):
        name = _name(rng)
        created_day = start - timedelta(days=rng.randrange(0, 700))
        stamp = _stamp(created_day, rng)
        handle = _slug(name, rng)
        tags = rng.sample(TAGS, rng.choice((0, 1, 1, 2, 2, 3)))
        contact = Contact(
            id=_id(rng),
            name=name,
            org=_org(rng) if rng.random() < 0.9 else "",
            role=rng.choice(ROLES) if rng.random() < 0.85 else "",
            met=f"LinkedIn, connected {created_day.day} {MONTHS[created_day.month - 1]} {created_day.year}",
            tags=tags,
            emails=[f"{handle.rsplit('-', 1)[0].replace('-', '.')}@example.com"] if rng.random() < 0.4 else [],
            phones=[f"+49 30 {rng.randrange(1000000, 9999999)}"] if rng.random() < 0.2 else [],
            urls=[f"https://www.linkedin.com/in/{handle}"] if rng.random() < 0.8 else [],
            topics=rng.sample(TOPICS, rng.choice((0, 0, 1, 2))),
            notes=_note(rng) if rng.random() < 0.3 else "",
            rhythm=rng.choice(RHYTHMS),
            snoozed_until=TODAY + timedelta(days=rng.randrange(1, 30)) if rng.random() < 0.01 else None,
            archived=rng.random() < 0.03,
            created=stamp,
            updated=stamp,
        )
        network.contacts.append(contact)
        days = sorted(start + timedelta(days=rng.randrange(0, 3 * 365)) for _ in range(touches_each))
        for day in days:
            inbound = rng.random() < 0.3
            when = _stamp(day, rng)
            network.touches.append(
                Touch(
                    id=_id(rng),
                    contact_id=contact.id,
                    date=day,
                    kind=rng.choice(TOUCH_KINDS),
                    direction="in" if inbound else "out",
                    note=_note(rng),
                    asked=rng.random() < 0.15,
                    gave=rng.random() < 0.25,
                    awaiting_reply=not inbound and rng.random() < 0.05,
                    created=when,
                    updated=when,
                )
            )
        if rng.random() < 0.08:
            year = rng.randrange(1960, 2000) if rng.random() < 0.6 else None
            month, day = rng.randrange(1, 13), rng.randrange(1, 29)
            network.occasions.append(
                Occasion(id=_id(rng), contact_id=contact.id, kind="birthday", when=PartialDate(month, day, year), created=stamp, updated=stamp)
            )
        if rng.random() < 0.05:
            network.occasions.append(
                Occasion(
                    id=_id(rng), contact_id=contact.id, kind="anniversary", when=PartialDate(rng.randrange(1, 13), rng.randrange(1, 29), rng.randrange(2010, 2025)),
                    label="Work anniversary", created=stamp, updated=stamp,
                )
            )
        if rng.random() < 0.01:
            news_day = TODAY - timedelta(days=rng.randrange(0, 20))
            network.occasions.append(
                Occasion(
                    id=_id(rng), contact_id=contact.id, kind="news", when=PartialDate(news_day.month, news_day.day, news_day.year),
                    label="Started a new job", yearly=False, created=stamp, updated=stamp,
                )
            )
        if rng.random() < 0.003:
            network.promises.append(
                Promise(
                    id=_id(rng), contact_id=contact.id, text="Send the slides from the talk",
                    due=TODAY + timedelta(days=rng.randrange(-2, 60)), created=stamp, updated=stamp,
                )
            )
    # In a real file touches come in the order they were logged, people interleaved.
    network.touches.sort(key=lambda t: (t.created, t.id))
    past = _stamp(TODAY - timedelta(days=200), rng)
    network.pauses.append(Pause(id=_id(rng), start=TODAY - timedelta(days=200), until=TODAY - timedelta(days=186), created=past, updated=past))
    for back in (3, 2, 1):
        day = TODAY - timedelta(days=back)
        when = _stamp(day, rng)
        network.days.append(Day(id=_id(rng), date=day, energy=rng.choice(("low", "normal", "high")), created=when, updated=when))
    return network


def document(network: Network) -> dict:
    """The network in the database's on-disk layout (see `keepintouch/store/schema.py`)."""
    doc: dict = {META_TABLE: {"1": {VERSION_KEY: SCHEMA_VERSION}}}
    for name in TABLES:
        records = getattr(network, name)
        doc[name] = {str(i): record.to_dict() for i, record in enumerate(records, start=1)}
    return doc


def linkedin_csv(network: Network, rows: int, seed: int = SEED) -> str:
    """`rows` connections: up to half people already in the network (same URL), the rest new."""
    rng = random.Random(seed + rows)
    known = [c for c in network.contacts if c.urls and not c.archived]
    overlap = rng.sample(known, min(len(known), rows // 2))
    lines = [
        "Notes:",
        '"When exporting your connection data, you may notice that some of the email addresses are missing. '
        'You will only see email addresses for connections who have allowed their connections to see or download their email address."',
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]

    def row(first: str, last: str, url: str, email: str, company: str, position: str, on: date) -> str:
        cells = (first, last, url, email, company, position, f"{on.day:02d} {MONTHS[on.month - 1]} {on.year}")
        return ",".join(f'"{c}"' if "," in c else c for c in cells)

    for contact in overlap:
        first, _, last = contact.name.partition(" ")
        company = contact.org if rng.random() < 0.8 else _org(rng)  # some changed jobs since
        lines.append(row(first, last, contact.urls[0], "", company, contact.role, contact.created.date()))
    for _ in range(rows - len(overlap)):
        first, last = rng.choice(FIRST), rng.choice(LAST).replace("_", " ")
        name = f"{first} {last}"
        on = TODAY - timedelta(days=rng.randrange(1, 3000))
        email = f"{first.lower()}.{last.lower().replace(' ', '')}@example.org" if rng.random() < 0.1 else ""
        company = _org(rng) + (", Inc." if rng.random() < 0.1 else "")
        lines.append(row(first, last, f"https://www.linkedin.com/in/{_slug(name, rng)}", email, company, rng.choice(ROLES), on))
    return "\r\n".join(lines) + "\r\n"


def write_vcards(network: Network, folder: Path) -> int:
    """One .vcf per contact in `folder` (a vdir), from keepintouch's own vCard export."""
    folder.mkdir(parents=True, exist_ok=True)
    text = export_vcards(network)
    cards = ["BEGIN:VCARD" + card for card in text.split("BEGIN:VCARD")[1:]]
    for index, card in enumerate(cards):
        (folder / f"{index:06d}.vcf").write_text(card, encoding="utf-8", newline="")
    return len(cards)


def write_network(folder: Path, contacts: int, *, touches_each: int = 10, import_rows: int = 5000, vcards: bool = True) -> Files:
    """Write the database, the LinkedIn CSV and (optionally) the vCard folder for one size."""
    folder.mkdir(parents=True, exist_ok=True)
    network = build_network(contacts, touches_each)
    db = folder / "keepintouch.json"
    atomic_write(db, orjson.dumps(document(network)))
    linkedin = folder / "linkedin.csv"
    linkedin.write_text(linkedin_csv(network, import_rows), encoding="utf-8", newline="")
    vdir = folder / "vcards"
    if vcards:
        write_vcards(network, vdir)
    return Files(db, linkedin, vdir, db.stat().st_size, len(network.contacts), len(network.touches), import_rows)


if __name__ == "__main__":  # python bench/synth.py FOLDER N: write one network to look at
    import sys

    files = write_network(Path(sys.argv[1]), int(sys.argv[2]))
    print(files)
