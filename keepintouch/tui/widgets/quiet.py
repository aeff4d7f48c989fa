"""Updating a `Static` only when what it shows changes.

Every `Static.update` asks for a layout pass, which repaints the whole
screen: after a save most panes show what they showed before, and repainting
them anyway was most of a save's cost on the screen's thread (bench/).
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


def show(static: Static, content: Content | str) -> None:
    """Give `static` this content, unless it already shows exactly that (text and styles)."""
    old = static.content
    if isinstance(content, str) and isinstance(old, str):
        same = old == content
    else:
        same = isinstance(content, Content) and isinstance(old, Content) and old.is_same(content)
    if not same:
        static.update(content)
