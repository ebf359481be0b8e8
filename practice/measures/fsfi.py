"""FSFI, the Female Sexual Function Index (Rosen et al. 2000; cutoff from Wiegel et al. 2005).

Nineteen items in six domains; each domain's item sum is multiplied by its published
weight, and the full scale is the sum of the six (2.0 to 36.0). The wording is not
reproduced: answers are recorded by item number with short neutral labels, as the points
the published form prints beside each choice.
"""

from __future__ import annotations

from practice.measures.model import Band, Domain, Instrument, Item, jacobson_truax

# (number, label, lowest answer): 0 on an item means "no sexual activity" where allowed.
_ITEMS = (
    (1, "desire: frequency", 1), (2, "desire: level", 1),
    (3, "arousal: frequency", 0), (4, "arousal: level", 0),
    (5, "arousal: confidence", 0), (6, "arousal: satisfaction", 0),
    (7, "lubrication: frequency", 0), (8, "lubrication: difficulty", 0),
    (9, "lubrication: maintained", 0), (10, "lubrication: difficulty maintaining", 0),
    (11, "orgasm: frequency", 0), (12, "orgasm: difficulty", 0),
    (13, "orgasm: satisfaction", 0),
    (14, "satisfaction: closeness", 0), (15, "satisfaction: relationship", 1),
    (16, "satisfaction: overall", 1),
    (17, "pain: during penetration", 0), (18, "pain: after penetration", 0),
    (19, "pain: level", 0),
)

INSTRUMENT = Instrument(
    key="fsfi",
    name="FSFI",
    title="Female Sexual Function Index (FSFI)",
    items=tuple(Item(n, label, low, 5) for n, label, low in _ITEMS),
    domains=(
        Domain("desire", "Desire", (1, 2), 0.6),
        Domain("arousal", "Arousal", (3, 4, 5, 6), 0.3),
        Domain("lubrication", "Lubrication", (7, 8, 9, 10), 0.3),
        Domain("orgasm", "Orgasm", (11, 12, 13), 0.4),
        Domain("satisfaction", "Satisfaction", (14, 15, 16), 0.4),
        Domain("pain", "Pain", (17, 18, 19), 0.4),
    ),
    decimals=1,
    # Every full-scale total is a multiple of 0.1, so 26.5 and below is "26.55 or less".
    bands=(
        Band(2.0, 26.5, "at or below the cutoff (sexual dysfunction likely)"),
        Band(26.6, 36.0, "above the cutoff"),
    ),
    cutoff=26.55,
    higher_is_better=True,
    no_attempt_items=(3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 17, 18, 19),
    reliable_change=jacobson_truax(sd=6.0, reliability=0.82),
    reliable_change_source="Provisional: Jacobson-Truax with SD 6.0 and reliability 0.82; "
                           "check against the published validation data before relying "
                           "on it.",
    notice="FSFI, Rosen et al. 2000. Questions are not reproduced here: use the published "
           "form and record each answer's points by item number.",
)
