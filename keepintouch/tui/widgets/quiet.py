"""Updating a `Static` only when what it shows changes, and laying out only when its size may.

Every `Static.update` asks for a layout pass of the whole screen by default:
after a save most panes show what they showed before, and repainting them
anyway was most of a save's cost on the screen's thread (bench/). A Static
whose size does not depend on its content (no `auto` width or height, such
as the one-line People summary under the filter) is only repainted.
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
        width, height = static.styles.width, static.styles.height
        sized_by_content = (width is not None and width.is_auto) or height is None or height.is_auto
        static.update(content, layout=sized_by_content)
