"""The panes of the main screen and its top bar."""
