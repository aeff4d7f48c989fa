"""The Textual app: `make_app(store, clock, settings, config_path)` builds it."""

from keepintouch.tui.app import KeepInTouchApp, make_app

__all__ = ["KeepInTouchApp", "make_app"]
