"""CSI-16, the Couples Satisfaction Index, 16-item version (Funk & Rogge 2007).

Answered about one partner: in a polycule each member rates each partner, so a score is a
value on a directed edge of the unit's graph. Item 1 runs 0-6, the rest 0-5; the total is
the plain sum of the points the published form prints beside each choice (so no item is
reversed here). The wording is not reproduced: answers are recorded by item number.
"""

from __future__ import annotations

from practice.measures.model import Band, Instrument, Item, jacobson_truax

NOTICE = ("CSI, Funk & Rogge 2007. Questions are not reproduced here: use the published "
          "form and record each answer's points by item number.")


def csi_items(count: int) -> tuple[Item, ...]:
    """The first ``count`` items of the CSI: item 1 runs 0-6, every other 0-5."""
    return tuple(Item(n, "overall happiness" if n == 1 else f"satisfaction item {n}",
                      0, 6 if n == 1 else 5) for n in range(1, count + 1))


INSTRUMENT = Instrument(
    key="csi16",
    name="CSI-16",
    title="Couples Satisfaction Index, 16-item version (CSI-16)",
    items=csi_items(16),
    bands=(
        Band(0, 51, "notable relationship dissatisfaction"),
        Band(52, 81, "above the distress cutoff"),
    ),
    cutoff=51.5,
    higher_is_better=True,
    per_relationship=True,
    reliable_change=jacobson_truax(sd=15.0, reliability=0.98),
    reliable_change_source="Provisional: Jacobson-Truax with SD 15.0 and reliability 0.98; "
                           "check against the published validation data before relying "
                           "on it.",
    notice=NOTICE,
)
