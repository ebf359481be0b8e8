"""The workspace's screens, one module (or package) per sidebar section."""
