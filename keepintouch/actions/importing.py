"""Importing people read from files: planned against the newest network, written at once."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from keepintouch.actions.base import Outcome
from keepintouch.domain.model import Network
from keepintouch.interchange import ImportOptions, ImportPlan, plan_batches
from keepintouch.interchange.plan import Batch


def import_people(
    network: Network,
    batches: Iterable[Batch],
    options: ImportOptions,
    on_step: Callable[[int], None] | None = None,
) -> tuple[ImportPlan, Outcome]:
    """What importing the records read would change (new people, merged ones, their dates).

    Planned again against the network inside the transaction, so whatever
    another process wrote since the file was read is merged, never overwritten.
    What a restore from our JSON brings back unchanged is kept as it was,
    `updated` stamps included (`Outcome.keep`).
    `on_step(n)` reports progress (for a progress bar).
    """
    plan = plan_batches(network, batches, options, on_step)
    records = [*plan.contacts.values(), *plan.records.values()]
    put = [r for r in records if (r.table, r.id) not in plan.exact]
    keep = [r for r in records if (r.table, r.id) in plan.exact]
    return plan, Outcome(put=put, keep=keep, message=plan.summary())
