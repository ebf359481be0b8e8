"""IIEF-5 (SHIM), the abridged International Index of Erectile Function (Rosen et al. 1999).

The wording is copyrighted and licensed by its owner, so the app records answers by item
number with short neutral labels and prints forms without the questions' text.
"""

from __future__ import annotations

from practice.measures.model import Band, Instrument, Item, jacobson_truax

_LABELS = (
    "confidence in erection",
    "firmness for penetration",
    "maintenance after penetration",
    "maintenance to completion",
    "satisfaction with intercourse",
)

INSTRUMENT = Instrument(
    key="iief5",
    name="IIEF-5",
    title="International Index of Erectile Function, 5-item version (IIEF-5 / SHIM)",
    # Item 1 runs 1-5; items 2-5 also allow 0, "no sexual activity" or "did not attempt
    # intercourse", and the total is then the plain sum as published.
    items=tuple(Item(n, label, 1 if n == 1 else 0, 5)
                for n, label in enumerate(_LABELS, start=1)),
    bands=(
        Band(5, 7, "severe erectile dysfunction"),
        Band(8, 11, "moderate erectile dysfunction"),
        Band(12, 16, "mild to moderate erectile dysfunction"),
        Band(17, 21, "mild erectile dysfunction"),
        Band(22, 25, "no erectile dysfunction"),
    ),
    unbanded_label="below the published bands (no attempt reported)",
    cutoff=22,
    higher_is_better=True,
    no_attempt_items=(2, 3, 4, 5),
    reliable_change=jacobson_truax(sd=5.0, reliability=0.82),
    reliable_change_source="Provisional: Jacobson-Truax with SD 5.0 and reliability 0.82; "
                           "check against the published validation data before relying "
                           "on it.",
    notice="IIEF-5 (SHIM), Rosen et al. 1999. Questions are not reproduced here: use the "
           "licensed form and record each answer's points by item number.",
)
