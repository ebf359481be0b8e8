"""The desktop app: thin PySide6 views over the ``practice`` core."""
