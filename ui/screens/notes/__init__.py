"""The note editors: progress notes (sign, then addenda) and private psychotherapy notes.

Import each from its module (``ui.screens.notes.editor``, ``.psychotherapy``): this package
imports nothing, because the Letters section uses only its autosave, and the editors bring
the whole chart with them (about 5 MB that Letters would otherwise load for nothing).
"""
