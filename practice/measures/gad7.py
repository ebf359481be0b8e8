"""GAD-7, the Generalized Anxiety Disorder scale (Spitzer, Kroenke, Williams & Löwe 2006).

Like the PHQ-9 it may be reproduced, translated, displayed and distributed without
permission, so its wording is printed.
"""

from __future__ import annotations

from practice.measures.model import Band, Instrument, Item
from practice.measures.phq9 import FREQUENCY

_ITEMS = (
    ("nervousness", "Feeling nervous, anxious, or on edge"),
    ("uncontrolled worry", "Not being able to stop or control worrying"),
    ("worry", "Worrying too much about different things"),
    ("relaxing", "Trouble relaxing"),
    ("restlessness", "Being so restless that it is hard to sit still"),
    ("irritability", "Becoming easily annoyed or irritable"),
    ("dread", "Feeling afraid, as if something awful might happen"),
)

INSTRUMENT = Instrument(
    key="gad7",
    name="GAD-7",
    title="Generalized Anxiety Disorder scale (GAD-7)",
    instructions="Over the last 2 weeks, how often have you been bothered by the following "
                 "problems?",
    items=tuple(Item(n, label, 0, 3, text=text, choices=FREQUENCY)
                for n, (label, text) in enumerate(_ITEMS, start=1)),
    bands=(
        Band(0, 4, "minimal"),
        Band(5, 9, "mild"),
        Band(10, 14, "moderate"),
        Band(15, 21, "severe"),
    ),
    cutoff=10,
    reliable_change=4,
    reliable_change_source="Reliable change of 4 points as used by the NHS Talking "
                           "Therapies (IAPT) manual.",
    reproducible=True,
    notice="GAD-7 developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke "
           "and colleagues, with an educational grant from Pfizer Inc. No permission "
           "required to reproduce, translate, display or distribute.",
)
