"""Import and export: vCard, LinkedIn, Google, Outlook and typed CSV, our JSON, iCalendar.

Pure domain code (no Textual, no printing), shared by the CLI and the TUI:

- `plan_import(network, paths, options) -> ImportPlan` (or `read_batches`
  then `plan_batches`), written by `actions.importing.import_people` in one
  store transaction. `ImportPlan.summary()` is the line to show; `.added`,
  `.merged`, `.skipped` the details.
- `export_vcards(network)`, `export_json(network, now)` and
  `ics.export_ics(network, settings, today, now)` return the file's text
  (`ics` is imported on use: icalendar alone takes 20 ms to load, and every
  CLI command loads this package).

Module map: `person` (the neutral record every reader yields), `vcard_lines`
/ `vcard` / `vcard_export`, `csv_rows` / `linkedin` / `google_csv`,
`outlook_csv` / `plain_csv` (a CSV a person typed), `native_json`, `ics`,
`detect` (format detection and reader dispatch),
`merge` (matching and merging), `plan` (the import plan), `vdir` (two-way
sync with a folder of cards).
"""

from __future__ import annotations

from keepintouch.interchange.detect import FORMATS, detect_format
from keepintouch.interchange.native_json import export_json
from keepintouch.interchange.person import InterchangeError, Skipped
from keepintouch.interchange.plan import ImportOptions, ImportPlan, plan_batches, plan_import, read_batches
from keepintouch.interchange.vcard_export import export_vcards

__all__ = [
    "FORMATS",
    "ImportOptions",
    "ImportPlan",
    "InterchangeError",
    "Skipped",
    "detect_format",
    "export_json",
    "export_vcards",
    "plan_batches",
    "plan_import",
    "read_batches",
]
