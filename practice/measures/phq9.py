"""PHQ-9, the Patient Health Questionnaire depression scale (Kroenke, Spitzer & Williams 2001).

The PHQ-9 was developed with an educational grant from Pfizer Inc.; no permission is
required to reproduce, translate, display or distribute it, so its wording is printed.
"""

from __future__ import annotations

from practice.measures.model import Band, Choice, Instrument, Item

#: The frequency choices shared by the PHQ-9 and the GAD-7.
FREQUENCY = (
    Choice(0, "Not at all"),
    Choice(1, "Several days"),
    Choice(2, "More than half the days"),
    Choice(3, "Nearly every day"),
)

_ITEMS = (
    ("interest", "Little interest or pleasure in doing things"),
    ("mood", "Feeling down, depressed, or hopeless"),
    ("sleep", "Trouble falling or staying asleep, or sleeping too much"),
    ("energy", "Feeling tired or having little energy"),
    ("appetite", "Poor appetite or overeating"),
    ("self-worth", "Feeling bad about yourself \u2014 or that you are a failure or have let "
                   "yourself or your family down"),
    ("concentration", "Trouble concentrating on things, such as reading the newspaper or "
                      "watching television"),
    ("movement", "Moving or speaking so slowly that other people could have noticed? Or the "
                 "opposite \u2014 being so fidgety or restless that you have been moving "
                 "around a lot more than usual"),
    ("self-harm thoughts", "Thoughts that you would be better off dead or of hurting "
                           "yourself in some way"),
)

INSTRUMENT = Instrument(
    key="phq9",
    name="PHQ-9",
    title="Patient Health Questionnaire (PHQ-9)",
    instructions="Over the last 2 weeks, how often have you been bothered by any of the "
                 "following problems?",
    items=tuple(Item(n, label, 0, 3, text=text, choices=FREQUENCY)
                for n, (label, text) in enumerate(_ITEMS, start=1)),
    bands=(
        Band(0, 4, "minimal"),
        Band(5, 9, "mild"),
        Band(10, 14, "moderate"),
        Band(15, 19, "moderately severe"),
        Band(20, 27, "severe"),
    ),
    cutoff=10,
    # Any answer above "Not at all" on item 9 is a risk flag until the therapist reviews it.
    risk_items=(9,),
    reliable_change=6,
    reliable_change_source="Reliable change of 6 points as used by the NHS Talking "
                           "Therapies (IAPT) manual.",
    reproducible=True,
    notice="PHQ-9 developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke "
           "and colleagues, with an educational grant from Pfizer Inc. No permission "
           "required to reproduce, translate, display or distribute.",
)
