"""Quick capture right after a call: the touch, and on the way a new person or a promise.

After a call the user wants one form, not three: when nobody matched the
name typed, the person is added (with the default rhythm) in the same
transaction as the touch; a promise made in the call ("I'll send her the
paper") is noted with it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from keepintouch.actions.base import Moment, Outcome
from keepintouch.actions.people import add_person
from keepintouch.actions.promises import make_promise
from keepintouch.actions.touches import TouchDraft, log_touch
from keepintouch.domain.model import Contact, Network


@dataclass
class Capture:
    """What the capture form hands back, as typed."""

    touch: TouchDraft
    #: Nobody matched: add a person with this name first (with the touch's `contact_id`).
    new_name: str = ""
    promise: str = ""
    promise_due: date | None = None


def capture(network: Network, moment: Moment, draft: Capture) -> Outcome:
    """Add the person if new, log the touch, note the promise: one outcome, one line."""
    outcome = Outcome()
    words: list[str] = []
    if draft.new_name:
        added = add_person(network, moment, draft.new_name, contact_id=draft.touch.contact_id)
        outcome.put += added.put
        new = [r for r in added.put if isinstance(r, Contact)]
        network = dataclasses.replace(network, contacts=[*network.contacts, *new])
        words.append(added.message)
    logged = log_touch(network, moment, draft.touch)
    outcome.put += logged.put
    words.append(logged.message)
    if draft.promise.strip():
        promised = make_promise(network, moment, draft.touch.contact_id, draft.promise, draft.promise_due)
        outcome.put += promised.put
        words.append(promised.message)
    outcome.message = " ".join(words)
    return outcome
