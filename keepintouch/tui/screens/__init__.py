"""Dialogs, each a ModalScreen dismissed with what was typed (None: cancelled)."""
