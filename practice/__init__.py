"""Practice: offline, encrypted records for a solo sex and relationship therapist."""

__version__ = "0.1.0"
