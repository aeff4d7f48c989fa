"""The pure engine: due dates, the daily queue, occasions and insights. `today` is passed in; no I/O."""
