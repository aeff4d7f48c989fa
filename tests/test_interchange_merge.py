"""Matching imported people to the network, merging them, and planning the import."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from keepintouch.actions.importing import import_people
from keepintouch.domain.model import Contact, Day, Network, Occasion, PartialDate, Pause, Promise, Settings, Touch
from keepintouch.interchange.native_json import export_json, read_native
from keepintouch.interchange.person import Person, Skipped, url_key
from keepintouch.interchange.plan import ImportOptions, ImportPlan, plan_batches

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
FILE = Path("people.vcf")


def options(**changes) -> ImportOptions:
    return ImportOptions(today=TODAY, now=NOW, **changes)


def plan(network: Network, *people: Person | Skipped, **changes) -> ImportPlan:
    return plan_batches(network, [(FILE, list(people))], options(**changes))


def person(name: str, **fields) -> Person:
    return Person(name=name, path=FILE, line=1, **fields)


def test_url_keys_ignore_scheme_www_slash_case_and_linkedin_hosts() -> None:
    same = {
        "https://www.linkedin.com/in/JaneDoe/",
        "http://linkedin.com/in/janedoe",
        "linkedin.com/in/janedoe?trk=people",
        "https://de.linkedin.com/in/janedoe",
    }
    assert {url_key(u) for u in same} == {"linkedin.com/in/janedoe"}
    assert url_key("https://example.org/a?id=1#top") == "example.org/a?id=1"


def test_people_are_matched_by_email_profile_url_or_name_and_org() -> None:
    jane = Contact(name="Jane Doe", org="Acme", emails=["Jane@Acme.com"], urls=["https://www.linkedin.com/in/janedoe"], id="jane00000001")
    network = Network(contacts=[jane])
    for match in (
        person("J. Doe", emails=["jane@acme.COM"]),
        person("Jane D.", urls=["linkedin.com/in/JaneDoe/"]),
        person("jane  doe", org="ACME"),
    ):
        result = plan(network, match)
        assert result.count("new") == 0, match
    # A shared company homepage does not make two people one; another org does not either.
    assert plan(network, person("John Roe", urls=["https://acme.com/"])).count("new") == 1
    assert plan(network, person("Jane Doe", org="Other Corp")).count("new") == 1


def test_merging_fills_empty_fields_unites_channels_and_never_overwrites() -> None:
    mine = Contact(name="Jane Doe", org="Acme", notes="My own words", rhythm="monthly", emails=["jane@acme.com"], tags=["Work"], id="jane00000001")
    incoming = person(
        "Jane Q. Doe",
        org="Acme Corporation",
        role="CTO",
        notes="Their notes",
        emails=["JANE@acme.com", "jane@home.example"],
        phones=["+1 555 0100"],
        tags=["work", "Friends"],
        handles={"skype": "jane.d"},
    )
    result = plan(Network(contacts=[mine]), incoming, tags=("imported",))
    (merged,) = result.merged
    assert (merged.name, merged.org, merged.notes, merged.rhythm) == ("Jane Doe", "Acme", "My own words", "monthly")
    assert merged.role == "CTO"
    assert merged.emails == ["jane@acme.com", "jane@home.example"]
    assert merged.tags == ["Work", "Friends", "imported"]
    assert merged.handles == {"skype": "jane.d"}
    assert merged.updated == NOW
    assert result.outcomes[0].action == "merged"
    assert set(result.outcomes[0].changes) == {"emails", "handles", "phones", "role", "tags"}


def test_an_earlier_record_of_the_same_import_is_matched_too() -> None:
    result = plan(
        Network(),
        person("Ann Lee", emails=["ann@lee.example"]),
        person("Ann Lee", emails=["ANN@lee.example"], phones=["123"]),
        person("Ann Lee", org="", phones=["1-2-3"]),
    )
    assert (result.count("new"), result.count("merged"), result.count("unchanged")) == (1, 1, 1)
    (ann,) = result.added
    assert ann.phones == ["123"]
    assert result.merged == []


def test_occasions_are_added_once_and_a_missing_year_is_filled() -> None:
    ann = Contact(name="Ann", id="ann000000001")
    known = Occasion(contact_id=ann.id, kind="birthday", when=PartialDate(3, 15), id="occ000000001")
    network = Network(contacts=[ann], occasions=[known])
    result = plan(
        network,
        person("Ann", occasions=[("birthday", PartialDate(3, 15, 1990), ""), ("anniversary", PartialDate(6, 1), "")]),
    )
    by_kind = {r.kind: r for r in result.records.values()}
    assert by_kind["birthday"].id == known.id and by_kind["birthday"].when == PartialDate(3, 15, 1990)
    assert by_kind["anniversary"].contact_id == ann.id
    # A different birthday does not replace the user's.
    other = plan(network, person("Ann", occasions=[("birthday", PartialDate(4, 1), "")]))
    assert not other.changes and other.count("unchanged") == 1


def test_imported_people_get_no_rhythm_unless_asked_and_then_spread_first_dues() -> None:
    people = [person(f"P{i}", emails=[f"p{i}@x.example"]) for i in range(10)]
    assert {c.rhythm for c in plan(Network(), *people).added} == {"none"}
    assert {c.first_due for c in plan(Network(), *people).added} == {None}
    spread = plan(Network(), *people, rhythm="monthly", settings=Settings(daily_budget=2))
    per_day = Counter(c.first_due for c in spread.added)
    assert min(per_day) == TODAY and max(per_day.values()) == 2 and sum(per_day.values()) == 10


def test_existing_due_dates_count_when_spreading() -> None:
    waiting = [Contact(name=f"Old{i}", rhythm="monthly", first_due=TODAY, id=f"old{i:09d}") for i in range(2)]
    result = plan(Network(contacts=waiting), person("New"), rhythm="monthly", settings=Settings(daily_budget=2))
    assert result.added[0].first_due > TODAY


def test_summary_line() -> None:
    result = plan(
        Network(contacts=[Contact(name="Known", emails=["k@x.example"])]),
        person("New"),
        person("Known", emails=["k@x.example"], phones=["1"]),
        Skipped(FILE, 7, "card has no END:VCARD"),
    )
    assert result.summary() == "Imported 2 people: 1 new, 1 merged, 1 skipped (see above)."
    assert result.summary(dry_run=True).startswith("Would import 2 people")


def test_planning_5000_people_against_5000_matches_each_by_its_key() -> None:
    existing = [Contact(name=f"Old {i}", emails=[f"old{i}@x.example"]) for i in range(5000)]
    incoming = [person(f"Person {i}", org=f"Org {i % 50}", urls=[f"https://www.linkedin.com/in/p{i}"]) for i in range(5000)]
    incoming += [person(f"Old {i}", emails=[f"OLD{i}@x.example"]) for i in range(0, 5000, 7)]
    result = plan(Network(contacts=existing), *incoming, rhythm="monthly")
    assert result.count("new") == 5000 and result.count("unchanged") == len(range(0, 5000, 7))


def test_importing_puts_contacts_and_records() -> None:
    result = plan(Network(), person("Ann", occasions=[("birthday", PartialDate(1, 2), "")]))
    _, outcome = import_people(Network(), [(FILE, [person("Ann", occasions=[("birthday", PartialDate(1, 2), "")])])], options())
    assert [type(r).__name__ for r in outcome.put] == ["Contact", "Occasion"]
    assert outcome.message == result.summary()


# --------------------------------------------------------------------------
# Our JSON


def sample_network() -> Network:
    ann = Contact(name="Ann", emails=["ann@x.example"], rhythm="monthly", first_due=TODAY, id="ann000000001")
    bob = Contact(name="Bob", emails=["ann@x.example"], archived=True, id="bob000000002")  # shares Ann's e-mail
    return Network(
        contacts=[ann, bob],
        touches=[Touch(contact_id=ann.id, date=TODAY, kind="call", note="hi", id="tou000000001")],
        promises=[Promise(contact_id=ann.id, text="send the paper", due=TODAY, id="pro000000001")],
        occasions=[
            Occasion(contact_id=ann.id, kind="birthday", when=PartialDate(2, 29), id="occ000000001"),
            Occasion(contact_id=bob.id, kind="news", when=PartialDate(5, 1, 2026), yearly=False, label="new job", id="occ000000002"),
        ],
        pauses=[Pause(start=TODAY, until=date(2026, 12, 7), id="pau000000001")],
        days=[Day(date=TODAY, energy="low", skipped=[ann.id], id="day000000001")],
    )


def restore(network: Network, text: str) -> ImportPlan:
    path = Path("backup.json")
    return plan_batches(network, [(path, list(read_native(text, path)))], options())


def test_json_restores_everything_exactly_into_an_empty_network() -> None:
    source = sample_network()
    result = restore(Network(), export_json(source, NOW))
    assert result.added == source.contacts  # Bob too, though he shares Ann's e-mail
    for table in ("touches", "promises", "occasions", "pauses", "days"):
        restored = [r for r in result.records.values() if r.table == table]
        assert restored == getattr(source, table)


def test_json_into_the_same_network_changes_nothing() -> None:
    source = sample_network()
    result = restore(source, export_json(source, NOW))
    assert not result.changes and result.count("unchanged") == 2


def test_json_contacts_merge_into_stored_people_and_their_records_follow() -> None:
    mine = Contact(name="Ann Smith", emails=["ANN@x.example"], id="mine00000001")
    result = restore(Network(contacts=[mine]), export_json(sample_network(), NOW))
    assert result.count("merged") + result.count("unchanged") == 2 and result.count("new") == 0
    touch = next(r for r in result.records.values() if r.table == "touches")
    assert touch.contact_id == mine.id
    assert all(getattr(r, "contact_id", mine.id) == mine.id for r in result.records.values())


def test_json_records_whose_contact_is_missing_are_skipped() -> None:
    text = export_json(Network(touches=[Touch(contact_id="gone00000000", date=TODAY)]), NOW)
    result = restore(Network(), text)
    (skipped,) = result.skipped
    assert "neither the file nor the database" in skipped.why and not result.changes


# --------------------------------------------------------------------------
# Matching that holds across runs


def replan(network: Network, people: list[Person]) -> tuple[ImportPlan, Network]:
    """Plan once, store the result, and plan the same people again."""
    first = plan(network, *people)
    stored = {c.id: c for c in network.contacts} | first.contacts
    return plan(Network(contacts=list(stored.values())), *people), Network(contacts=list(stored.values()))


def test_a_merge_that_fills_an_org_does_not_change_what_matches_on_the_next_run() -> None:
    people = [
        person("Kim Lee", emails=["kim@lee.example"]),
        person("Kim Lee", org="Acme", emails=["kim@lee.example"]),  # fills Kim's org
        person("Kim Lee"),  # no org, no e-mail: Kim by name
        person("Kim Lee", org="Acme"),
    ]
    first = plan(Network(), *people)
    assert first.count("new") == 1
    again, stored = replan(Network(), people)
    assert len(stored.contacts) == 1 and again.count("new") == 0 and not again.changes


def test_people_with_the_same_name_at_different_orgs_stay_apart_across_runs() -> None:
    people = [person("Kim Lee", org="Acme"), person("Kim Lee", org="Beta"), person("Kim Lee")]
    first = plan(Network(), *people)
    assert first.count("new") == 2  # the one without an org is the first Kim
    again, _ = replan(Network(), people)
    assert again.count("new") == 0 and not again.changes


def test_a_name_that_is_only_a_title_matches_nobody() -> None:
    result = plan(Network(), person("Jr.", emails=["a@x.example"]), person("Jr.", emails=["b@x.example"]), person("Dr.", phones=["3"]))
    assert result.count("new") == 2  # two people called "Jr.", told apart by their e-mails
    (skipped,) = result.skipped  # nothing would find this one again: it would be added on every import
    assert skipped.why == "the name is only a title (Dr.), with no e-mail or profile to tell who it is"
    stored = Network(contacts=[Contact(name="Dr.", emails=["c@x.example"], id="dr0000000001")])
    assert plan(stored, person("Dr.", emails=["d@x.example"])).count("new") == 1


def test_new_fields_are_united_and_labels_never_overwritten() -> None:
    mine = Contact(name="Ann", nickname="Annie", addresses=["1 Main St"], related=["Bo"], labels={"Bo": "brother"}, id="ann000000009")
    incoming = person(
        "Ann", nickname="A.", addresses=["1  main st", "2 High St"], related=["bo", "Cy"], labels={"Bo": "friend", "2 High St": "work"}
    )
    (merged,) = plan(Network(contacts=[mine]), incoming).merged
    assert merged.nickname == "Annie"
    assert merged.addresses == ["1 Main St", "2 High St"] and merged.related == ["Bo", "Cy"]
    assert merged.labels == {"Bo": "brother", "2 High St": "work"}


def test_json_restore_marks_the_records_it_brings_back_unchanged_as_exact() -> None:
    source = sample_network()
    result = restore(Network(), export_json(source, NOW))
    assert result.exact == {(r.table, r.id) for r in [*result.contacts.values(), *result.records.values()]}
    assert len(result.exact) == 8
    tagged = plan_batches(Network(), [(Path("b.json"), list(read_native(export_json(source, NOW), Path("b.json"))))], options(tags=("x",)))
    assert {table for table, _ in tagged.exact} == {"touches", "promises", "occasions", "pauses", "days"}  # tagged now: not as they were


def test_a_label_follows_the_stored_spelling_of_the_same_phone() -> None:
    mine = Contact(name="Ann", phones=["+15550100"], id="ann000000010")
    (merged,) = plan(Network(contacts=[mine]), person("Ann", phones=["+1 555 0100"], labels={"+1 555 0100": "mobile"})).merged
    assert merged.phones == ["+15550100"] and merged.labels == {"+15550100": "mobile"}


people_pool = st.builds(
    lambda name, org, emails, urls: person(name, org=org, emails=emails, urls=urls),
    st.sampled_from(["Kim Lee", "kim  lee", "Ann", "Dr.", "Jr.", "Bo Chen"]),
    st.sampled_from(["", "", "Acme", "acme", "Beta"]),
    st.lists(st.sampled_from(["kim@x.example", "KIM@x.example", "ann@x.example", "bo@x.example"]), max_size=2),
    st.lists(st.sampled_from(["https://linkedin.com/in/kim", "https://acme.example", "https://linkedin.com/in/bo"]), max_size=1),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(people_pool, max_size=8), st.lists(people_pool, max_size=3))
def test_importing_the_same_records_twice_never_adds_a_person(records: list[Person], already: list[Person]) -> None:
    network = Network(contacts=list(plan(Network(), *already).contacts.values()))
    again, _ = replan(network, records)
    # (Records that share an e-mail with different people may still be merged
    # differently on the second run: which one an e-mail finds depends on order.)
    assert again.count("new") == 0


def test_import_people_keeps_what_a_restore_brings_back_unchanged() -> None:
    source = sample_network()
    batches = [(Path("b.json"), list(read_native(export_json(source, NOW), Path("b.json"))))]
    _, outcome = import_people(Network(), batches, options())
    assert not outcome.put and len(outcome.keep) == 8 and outcome.changes
    _, tagged = import_people(Network(), batches, options(tags=("x",)))
    assert {type(r).__name__ for r in tagged.put} == {"Contact"}  # tagged now: stamped now
