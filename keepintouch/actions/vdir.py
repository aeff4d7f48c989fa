"""Syncing with a vdir as an action: the plan's people become the outcome to write.

The folder is read before the transaction and written after it (see
`interchange.vdir`); in between, this plans against the newest network.
"""

from __future__ import annotations

from keepintouch.actions.base import Moment, Outcome
from keepintouch.domain.model import Network
from keepintouch.interchange.vdir import ChangedAt, Folder, SyncPlan, plan_sync


def sync_vdir(
    network: Network, moment: Moment, folder: Folder, changed_at: ChangedAt | None = None
) -> tuple[Outcome, SyncPlan]:
    """What a sync changes in the database, and the plan that says which cards to write
    (`changed_at`: when a person's field last changed, see `plan_sync`)."""
    plan = plan_sync(network, folder, moment.today, changed_at)
    lines = [plan.summary(), *(f"Kept both: {line}." for line in plan.conflicts)]
    return Outcome(put=list(plan.put), message="\n".join(lines)), plan
