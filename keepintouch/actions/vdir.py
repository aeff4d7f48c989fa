"""Syncing with a vdir as an action: the plan's people become the outcome to write.

The folder is read before the transaction and written after it (see
`interchange.vdir`); in between, this plans against the newest network.
With a `vdir` in the config, both faces sync again after every change that
reaches a card (`reaches_cards`), so an edit here is on the phone without
a separate step.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from keepintouch.actions.base import Moment, Outcome
from keepintouch.domain.model import Contact, Network, Occasion, Record
from keepintouch.interchange.vcard_export import DATE_FIELDS, card_values
from keepintouch.interchange.vdir import ChangedAt, Folder, SyncPlan, plan_sync
from keepintouch.store.database import Store


def sync_vdir(
    network: Network, moment: Moment, folder: Folder, changed_at: ChangedAt | None = None
) -> tuple[Outcome, SyncPlan]:
    """What a sync changes in the database, and the plan that says which cards to write
    (`changed_at`: when a field of a record last changed, see `plan_sync` and `stamps_of`)."""
    plan = plan_sync(network, folder, moment.today, changed_at)
    lines = [plan.summary(), *plan.kept_both()]
    return Outcome(put=list(plan.put), remove=list(plan.remove), message="\n".join(lines)), plan


def stamps_of(store: Store) -> Callable[[Record, str], datetime]:
    """When a field of a stored record last changed, by the store's change stamps
    (the record's last change when the field has none)."""

    def changed_at(record: Record, name: str) -> datetime:
        return store.changed_at(type(record), record.id, name) or record.updated

    return changed_at


def reaches_cards(network: Network, outcome: Outcome) -> bool:
    """Whether a change written over `network` changes what a card says: a person's
    shared fields, archiving, or a birthday or anniversary (a snooze or a touch does not)."""
    before = {c.id: c for c in network.contacts}
    for record in (*outcome.put, *outcome.keep, *outcome.remove):
        if isinstance(record, Occasion) and record.kind in DATE_FIELDS:
            return True
        if isinstance(record, Contact):
            old = before.get(record.id)
            if old is None or record in outcome.remove or old.archived != record.archived:
                return True
            if card_values(old) != card_values(record):
                return True
    return False
