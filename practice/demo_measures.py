"""Standard measures for the demo practice: trends to look at, one open risk flag, CSI edges."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session, sessionmaker

from practice.services.measures import record_measure

# (person index, instrument, answers at 150, 90 and 30 days ago); an improving course each.
_COURSES: tuple[tuple[int, str, tuple[tuple[int, ...], ...]], ...] = (
    (0, "fsfi", ((2, 2, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 1),
                 (3, 3, 2, 3, 3, 2, 2, 2, 3, 2, 2, 2, 3, 3, 3, 3, 2, 2, 2),
                 (4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3, 4, 4, 4, 4, 4, 4, 4, 4))),
    # Item 9 answered "several days" on the latest one: its flag waits for a review on Today.
    (1, "phq9", ((3, 3, 2, 2, 2, 2, 2, 1, 0), (2, 2, 1, 1, 1, 1, 1, 0, 0),
                 (1, 1, 1, 1, 0, 1, 0, 0, 1))),
    (2, "gad7", ((3, 3, 2, 2, 2, 2, 1), (2, 2, 1, 1, 1, 1, 1), (1, 1, 1, 0, 0, 1, 0))),
    (3, "iief5", ((2, 2, 2, 1, 2), (3, 3, 3, 3, 3), (4, 4, 4, 4, 4))),
)
_DAYS_AGO = (150, 90, 30)


def make_measures(sessions: sessionmaker[Session], people: list[int], today: date) -> int:
    """Record the demo's measures; return how many administrations were made.

    Args:
        sessions: The store's sessionmaker.
        people: The demo's clients in the order ``demo._make_people`` made them (a couple
            at 6-7, a polycule of four at 10-13: Alex-Sam, Sam-Jamie, Jamie-Robin).
        today: The practice's "today".
    """
    made = 0
    for index, key, series in _COURSES:
        for days, answers in zip(_DAYS_AGO, series, strict=True):
            record_measure(sessions, people[index], key, answers,
                           on=today - timedelta(days=days))
            made += 1
    couple = (people[6], people[7])
    alex, sam, jamie, robin = people[10:14]
    ratings = [(couple[0], couple[1], "csi16"), (couple[1], couple[0], "csi16"),
               (alex, sam, "csi4"), (sam, alex, "csi4"), (sam, jamie, "csi4"),
               (jamie, sam, "csi4"), (jamie, robin, "csi4"), (robin, jamie, "csi4")]
    for number, (rater, partner, key) in enumerate(ratings):
        for step, days in enumerate(_DAYS_AGO[1:]):
            # Satisfaction rises on most edges; Sam's rating of Jamie falls into distress.
            level = 3 + step if (rater, partner) != (sam, jamie) else 4 - 2 * step
            first = min(6, level + number % 2)
            answers = (first, *([level] * (15 if key == "csi16" else 3)))
            record_measure(sessions, rater, key, answers, on=today - timedelta(days=days),
                           partner_id=partner)
            made += 1
    return made
