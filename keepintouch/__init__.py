"""keepintouch: keep your network alive with small, sincere gestures."""

__version__ = "0.1.0"
