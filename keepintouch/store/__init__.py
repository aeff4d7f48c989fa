"""The store: one JSON file of records, written atomically under a lock, with schema versions and backups."""
