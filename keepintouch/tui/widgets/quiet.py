"""Updating a `Static` only when what it shows changes, and laying out only when its size may.

Every `Static.update` asks for a layout pass of the whole screen by default:
after a save most panes show what they showed before, and repainting them
anyway was most of a save's cost on the screen's thread (bench/). A Static
whose size does not depend on its content (no `auto` width or height, such
as the one-line People summary under the filter) is only repainted.

A plain string is shown as it is, never read as markup: panes pass text
that may quote names and notes.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from keepintouch.domain.safe_text import for_terminal


def show(static: Static, content: Content | str) -> None:
    """Give `static` this content, unless it already shows exactly that (text and styles)."""
    if isinstance(content, str):
        content = Content(for_terminal(content))
    old = static.content
    same = isinstance(old, Content) and old.is_same(content)
    if not same:
        width, height = static.styles.width, static.styles.height
        sized_by_content = (width is not None and width.is_auto) or height is None or height.is_auto
        static.update(content, layout=sized_by_content)
