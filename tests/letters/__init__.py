"""Tests for care-coordination letters."""
