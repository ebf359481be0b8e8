"""The Letters section: compose, preview, issue, export and print care-coordination letters."""

from ui.screens.letters.screen import LettersScreen

__all__ = ["LettersScreen"]
