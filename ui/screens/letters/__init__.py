"""The Letters section: compose, preview, issue, export and print letters, singly or to a team."""

from ui.screens.letters.screen import LettersScreen

__all__ = ["LettersScreen"]
