"""The command palette (`ctrl+p`): every app action, the energy levels, and people.

Actions come from the app's own bindings, so the palette, the key bar and the
help screen always offer the same things. For the selected person it offers
"What to say to …", the draft editor `m` opens on a Today entry. Typing a
name offers "Show …" for matching people.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from keepintouch.domain.model import ENERGY_LEVELS
from keepintouch.domain.safe_text import for_terminal
from keepintouch.tui.screens.help import key_label

if TYPE_CHECKING:
    from keepintouch.tui.app import KeepInTouchApp

#: People offered at most per search.
PEOPLE_SHOWN = 8


class KeepInTouchCommands(Provider):
    """App actions and people."""

    @property
    def kit(self) -> KeepInTouchApp:
        return cast("KeepInTouchApp", self.app)

    def _actions(self) -> Iterator[tuple[str, str, object]]:
        """(name, help, callback) for each command."""
        app = self.kit
        for binding in app.BINDINGS:
            if isinstance(binding, Binding) and binding.description and binding.action != "quit":
                name = binding.tooltip or binding.description
                yield name, f"Key: {key_label(binding.key)}", partial(app.run_action, binding.action)
        for level in ENERGY_LEVELS:
            yield f"Energy: {level}", "How much you have in you today", partial(app.set_energy, level)

    def _for_selected(self) -> Iterator[tuple[str, str, object]]:
        """(plain text, help, callback) of the commands about the selected person."""
        app = self.kit
        if (contact := app.selected) is not None:
            text = f"What to say to {for_terminal(contact.name)}"
            yield text, "A draft of the message, in their language (m on a Today entry)", partial(app.draft_person, contact.id)

    async def discover(self) -> Hits:
        for text, help_text, callback in self._for_selected():
            yield DiscoveryHit(escape(text), callback, text=text, help=help_text)  # type: ignore[arg-type]
        for name, help_text, callback in self._actions():
            yield DiscoveryHit(name, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, callback in self._for_selected():
            # The palette reads prompts as markup: a name is escaped, never parsed.
            if (score := matcher.match(text)) > 0:
                yield Hit(score, matcher.highlight(escape(text)), callback, text=text, help=help_text)  # type: ignore[arg-type]
        for name, help_text, callback in self._actions():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)  # type: ignore[arg-type]
        app = self.kit
        words = query.split()
        if words and words[0].casefold() in ("show", "go", "open"):
            words = words[1:]
        people = app.snapshot.people.search(" ".join(words))[:PEOPLE_SHOWN]
        for contact in people if words else []:
            # The palette reads prompts and help as markup: a name is escaped, never parsed.
            text = f"Show {for_terminal(contact.name)}"
            score = matcher.match(text) or 0.5
            org = escape(for_terminal(contact.org)) if contact.org else None
            yield Hit(score, matcher.highlight(escape(text)), partial(app.show_person, contact.id), text=text, help=org)
