"""User text as the app shows it: never markup, never a control character.

Names, notes, promises and error messages quote text from other people's
files. A string handed to a `Static`, an `Option` or `notify` is parsed as
markup (`[@click=app.quit]` becomes an action, a stray `[/]` raises
`MarkupError`), and Textual passes ESC through to the terminal. So every
such text is wrapped here, or put into `Content.assemble` through
`for_terminal`, before a widget sees it.
"""

from __future__ import annotations

from textual.content import Content

from keepintouch.domain.safe_text import for_terminal


def plain(text: str, style: str = "") -> Content:
    """`text` as literal content (optionally styled), control characters shown as U+FFFD."""
    text = for_terminal(text)
    return Content.styled(text, style) if style else Content(text)
