"""`python -m keepintouch` runs the same command line as `keepintouch`."""

from keepintouch.cli import main

main()
