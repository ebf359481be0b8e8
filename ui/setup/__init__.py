"""The first-run setup wizard: store location, passphrase, recovery key, device, practice."""
