"""The model and the clock: what every other layer speaks in. No I/O."""
