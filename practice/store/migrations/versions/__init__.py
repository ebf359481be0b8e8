"""Part of the encrypted store."""
