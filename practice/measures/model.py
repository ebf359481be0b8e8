"""The shape every instrument is declared in: items, answer ranges, domains, bands, cutoff.

An instrument is data, not code: adding one is one module that builds an ``Instrument``
(see ``phq9.py``) and one line in the registry. Scoring (``scoring.py``) reads nothing else.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Literal

#: What a reliable change between two administrations was, read in the client's favour.
Change = Literal["improved", "deteriorated", "no reliable change"]


def jacobson_truax(sd: float, reliability: float) -> float:
    """The reliable-change threshold of Jacobson and Truax (1991), to one decimal.

    A change of a total counts as reliable when it is at least 1.96 standard errors of the
    difference: ``1.96 * sd * sqrt(2 * (1 - reliability))``.

    Args:
        sd: The standard deviation of the total in the reference sample.
        reliability: The total's reliability (test-retest or internal consistency).

    Returns:
        The threshold in points of the total.
    """
    return round(1.96 * sd * math.sqrt(2 * (1 - reliability)), 1)


@dataclass(frozen=True)
class Choice:
    """One printed answer choice and the points it scores.

    Attributes:
        value: The points the choice scores.
        label: Its wording (only for instruments whose licence allows reproduction).
    """

    value: int
    label: str


@dataclass(frozen=True)
class Item:
    """One question of an instrument.

    Attributes:
        number: The item's number on the published form, from 1.
        label: A short neutral label the app may always show ("Item 3: sleep").
        text: The published wording, or ``""`` where its licence does not allow reproduction.
        low: The lowest answer the form allows.
        high: The highest answer the form allows.
        reverse: Scored as ``low + high - answer`` (the form's points run the other way).
        choices: The printed choices with their points, where they may be reproduced.
    """

    number: int
    label: str
    low: int
    high: int
    text: str = ""
    reverse: bool = False
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class Domain:
    """A subscale: the sum of some items times a published weight.

    Attributes:
        key: A stable identifier ("desire").
        label: How the domain reads ("Desire").
        items: The item numbers it sums.
        weight: The published factor its sum is multiplied by.
    """

    key: str
    label: str
    items: tuple[int, ...]
    weight: float = 1.0


@dataclass(frozen=True)
class Band:
    """A published severity range of the total, both ends included.

    Attributes:
        low: The lowest total in the band.
        high: The highest total in the band.
        label: Its published name ("moderately severe").
    """

    low: float
    high: float
    label: str

    def holds(self, total: float) -> bool:
        """Whether the total falls in this band."""
        return self.low <= total <= self.high


@dataclass(frozen=True)
class Instrument:
    """One standard measure, declared once.

    Attributes:
        key: The identifier used in the store and on the command line ("phq9").
        name: The published short name ("PHQ-9").
        title: The published full name.
        items: The items in form order.
        bands: Severity ranges of the total, lowest first.
        reliable_change: The least change of the total that counts as reliable
            (Jacobson-Truax: 1.96 times the standard error of the difference).
        reliable_change_source: Where that threshold comes from, for the therapist to check.
        instructions: The published instructions, where they may be reproduced.
        domains: Subscales; when given, the total is the sum of the weighted domain scores.
        cutoff: The published clinical cutoff of the total, if any.
        higher_is_better: Whether a higher total is the healthier one.
        per_relationship: Answered about one partner (the score sits on an edge of the unit).
        risk_items: Items whose answer above their lowest raises a risk flag for review.
        no_attempt_items: Items whose answer 0 means "no sexual activity / no attempt".
        unbanded_label: The band shown for a total below every published band.
        decimals: Places the total is given to (the FSFI's weighted total has one).
        reproducible: Whether the wording may be printed (else forms show numbers only).
        notice: A line printed on blank forms (copyright, where to get the wording).
    """

    key: str
    name: str
    title: str
    items: tuple[Item, ...]
    bands: tuple[Band, ...]
    reliable_change: float
    reliable_change_source: str
    instructions: str = ""
    domains: tuple[Domain, ...] = ()
    cutoff: float | None = None
    higher_is_better: bool = False
    per_relationship: bool = False
    risk_items: tuple[int, ...] = ()
    no_attempt_items: tuple[int, ...] = ()
    unbanded_label: str = "outside the published bands"
    decimals: int = 0
    reproducible: bool = False
    notice: str = ""

    @property
    def lowest_total(self) -> float:
        """The lowest total the form allows."""
        return self._extreme(low=True)

    @property
    def highest_total(self) -> float:
        """The highest total the form allows."""
        return self._extreme(low=False)

    def _extreme(self, *, low: bool) -> float:
        # A reversed item's points run over the same range as its answers.
        points = {i.number: i.low if low else i.high for i in self.items}
        if not self.domains:
            return float(sum(points.values()))
        return round(sum(sum(points[n] for n in d.items) * d.weight for d in self.domains),
                     self.decimals)

    def item(self, number: int) -> Item:
        """The item with that number on the form.

        Raises:
            KeyError: No such item (a bug in the caller: numbers come from the declaration).
        """
        for candidate in self.items:
            if candidate.number == number:
                return candidate
        raise KeyError(number)

    def format_total(self, total: float) -> str:
        """The total as the published scoring writes it ("12", "26.5")."""
        return f"{total:.{self.decimals}f}"

    def band_for(self, total: float) -> str:
        """The published band the total falls in, or ``unbanded_label``."""
        for band in self.bands:
            if band.holds(total):
                return band.label
        return self.unbanded_label


@dataclass(frozen=True)
class DomainScore:
    """One subscale's weighted score.

    Attributes:
        key: The domain's identifier.
        label: How it reads.
        score: The weighted score.
    """

    key: str
    label: str
    score: float


@dataclass(frozen=True)
class Score:
    """What one completed questionnaire scores.

    Attributes:
        instrument: The instrument's key.
        answers: The answers as given, in item order.
        total: The total (weighted where the instrument has domains).
        band: The published band's label.
        domains: Each subscale's score, in declaration order.
        flags: Raised flags: ``"risk"`` (a risk item answered above its lowest) and
            ``"no_attempt"`` (an item answered 0 for no sexual activity or attempt).
        below_cutoff: Whether the total is under the published cutoff (None: no cutoff).
        risk_items: The risk items answered above their lowest.
    """

    instrument: str
    answers: tuple[int, ...]
    total: float
    band: str
    domains: tuple[DomainScore, ...]
    flags: tuple[str, ...]
    below_cutoff: bool | None
    risk_items: tuple[int, ...] = ()

    @property
    def has_risk(self) -> bool:
        """Whether a risk item was answered above its lowest."""
        return "risk" in self.flags


@dataclass(frozen=True)
class ScoreRow:
    """One administration as a table row.

    Attributes:
        day: The day the client answered.
        name: The instrument's short name ("PHQ-9").
        total: The total as the published scoring writes it.
        band: The band's label.
        change: How it compares with the first one ("improved", ...), or "".
    """

    day: date
    name: str
    total: str
    band: str
    change: str = ""
