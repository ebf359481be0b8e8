"""Tests of the desktop packaging: Linux integration files and the frozen build."""
