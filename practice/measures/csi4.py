"""CSI-4, the Couples Satisfaction Index, 4-item version (Funk & Rogge 2007).

Answered about one partner, like the CSI-16 (see ``csi16``), whose item ranges it shares.
"""

from __future__ import annotations

from practice.measures.csi16 import NOTICE, csi_items
from practice.measures.model import Band, Instrument, jacobson_truax

INSTRUMENT = Instrument(
    key="csi4",
    name="CSI-4",
    title="Couples Satisfaction Index, 4-item version (CSI-4)",
    items=csi_items(4),
    bands=(
        Band(0, 13, "notable relationship dissatisfaction"),
        Band(14, 21, "above the distress cutoff"),
    ),
    cutoff=13.5,
    higher_is_better=True,
    per_relationship=True,
    reliable_change=jacobson_truax(sd=4.5, reliability=0.94),
    reliable_change_source="Provisional: Jacobson-Truax with SD 4.5 and reliability 0.94; "
                           "check against the published validation data before relying "
                           "on it.",
    notice=NOTICE,
)
