"""The encrypted store: keys, engine, schema migrations, locking and backups."""
