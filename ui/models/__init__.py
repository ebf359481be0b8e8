"""Qt item models over the frozen values the core returns."""
