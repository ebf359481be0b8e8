"""Every instrument scores exactly as published: totals, bands at each boundary, cutoffs, flags."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practice.errors import ValidationError
from practice.measures import (
    INSTRUMENTS,
    Band,
    Instrument,
    Item,
    in_clinical_range,
    instrument,
    parse_answers,
    reliable_change,
    score,
)

PHQ9, GAD7, IIEF5 = INSTRUMENTS["phq9"], INSTRUMENTS["gad7"], INSTRUMENTS["iief5"]
FSFI, CSI16, CSI4 = INSTRUMENTS["fsfi"], INSTRUMENTS["csi16"], INSTRUMENTS["csi4"]


def answers_for(form: Instrument) -> st.SearchStrategy[list[int]]:
    """Any completed form: one answer per item within its printed range."""
    return st.tuples(*(st.integers(i.low, i.high) for i in form.items)).map(list)


def answers_totalling(form: Instrument, total: int) -> list[int]:
    """A completed form (no domains) whose item points add up to ``total``."""
    answers = [i.low for i in form.items]
    left = total - sum(answers)
    for index, item in enumerate(form.items):
        step = min(left, item.high - item.low)
        answers[index] += step
        left -= step
    assert left == 0, "total out of the form's range"
    return answers


# (instrument, total, band) at both ends of every published band.
BOUNDARIES = [
    (PHQ9, 0, "minimal"), (PHQ9, 4, "minimal"), (PHQ9, 5, "mild"), (PHQ9, 9, "mild"),
    (PHQ9, 10, "moderate"), (PHQ9, 14, "moderate"), (PHQ9, 15, "moderately severe"),
    (PHQ9, 19, "moderately severe"), (PHQ9, 20, "severe"), (PHQ9, 27, "severe"),
    (GAD7, 0, "minimal"), (GAD7, 4, "minimal"), (GAD7, 5, "mild"), (GAD7, 9, "mild"),
    (GAD7, 10, "moderate"), (GAD7, 14, "moderate"), (GAD7, 15, "severe"), (GAD7, 21, "severe"),
    (IIEF5, 5, "severe erectile dysfunction"), (IIEF5, 7, "severe erectile dysfunction"),
    (IIEF5, 8, "moderate erectile dysfunction"), (IIEF5, 11, "moderate erectile dysfunction"),
    (IIEF5, 12, "mild to moderate erectile dysfunction"),
    (IIEF5, 16, "mild to moderate erectile dysfunction"),
    (IIEF5, 17, "mild erectile dysfunction"), (IIEF5, 21, "mild erectile dysfunction"),
    (IIEF5, 22, "no erectile dysfunction"), (IIEF5, 25, "no erectile dysfunction"),
    (CSI16, 0, "notable relationship dissatisfaction"),
    (CSI16, 51, "notable relationship dissatisfaction"),
    (CSI16, 52, "above the distress cutoff"), (CSI16, 81, "above the distress cutoff"),
    (CSI4, 0, "notable relationship dissatisfaction"),
    (CSI4, 13, "notable relationship dissatisfaction"),
    (CSI4, 14, "above the distress cutoff"), (CSI4, 21, "above the distress cutoff"),
]


@pytest.mark.parametrize(("form", "total", "band"), BOUNDARIES,
                         ids=[f"{f.key}-{t}" for f, t, _ in BOUNDARIES])
def test_each_band_boundary_reads_as_published(form: Instrument, total: int, band: str) -> None:
    result = score(form, answers_totalling(form, total))
    assert (result.total, result.band) == (total, band)


@given(st.data())
def test_a_total_without_domains_is_the_sum_of_the_answers(data: st.DataObject) -> None:
    form = data.draw(st.sampled_from([PHQ9, GAD7, IIEF5, CSI16, CSI4]))
    answers = data.draw(answers_for(form))
    result = score(form, answers)
    assert result.total == sum(answers)
    assert form.lowest_total <= result.total <= form.highest_total


@given(st.data())
def test_every_total_falls_in_exactly_one_band_or_is_named_unbanded(
    data: st.DataObject,
) -> None:
    form = data.draw(st.sampled_from(list(INSTRUMENTS.values())))
    result = score(form, data.draw(answers_for(form)))
    holding = [b.label for b in form.bands if b.holds(result.total)]
    assert holding == [result.band] or (holding == [] and result.band == form.unbanded_label)


@pytest.mark.parametrize(("form", "low", "high"), [
    (PHQ9, 0, 27), (GAD7, 0, 21), (IIEF5, 1, 25), (FSFI, 2.0, 36.0), (CSI16, 0, 81),
    (CSI4, 0, 21),
])
def test_the_published_range_of_each_total(form: Instrument, low: float, high: float) -> None:
    assert (form.lowest_total, form.highest_total) == (low, high)
    assert score(form, [i.low for i in form.items]).total == low
    assert score(form, [i.high for i in form.items]).total == high


def test_iief5_with_no_attempt_is_the_plain_sum_below_the_bands_and_flagged() -> None:
    result = score(IIEF5, [3, 0, 0, 0, 0])
    assert result.total == 3
    assert result.band == "below the published bands (no attempt reported)"
    assert "no_attempt" in result.flags


def test_iief5_item_1_has_no_zero() -> None:
    with pytest.raises(ValidationError, match="Item 1 of the IIEF-5 must be between 1 and 5"):
        score(IIEF5, [0, 3, 3, 3, 3])


# --- FSFI: six weighted domains --------------------------------------------------------------


def fsfi_by_hand(answers: list[int]) -> tuple[list[float], float]:
    """The FSFI's published scoring table worked by hand in tenths, so no float arithmetic."""
    weights = [(range(1, 3), 6), (range(3, 7), 3), (range(7, 11), 3), (range(11, 14), 4),
               (range(14, 17), 4), (range(17, 20), 4)]
    tenths = [sum(answers[n - 1] for n in items) * w for items, w in weights]
    return [t / 10 for t in tenths], sum(tenths) / 10


@given(answers_for(FSFI))
def test_fsfi_domains_are_weighted_sums_and_the_full_scale_their_sum(answers: list[int]) -> None:
    domains, total = fsfi_by_hand(answers)
    result = score(FSFI, answers)
    assert [d.score for d in result.domains] == domains
    assert result.total == total
    assert 2.0 <= result.total <= 36.0
    assert result.below_cutoff is (total <= 26.55)


# desire 4.8 + arousal 4.8 + lubrication 4.5 + orgasm 4.4 + satisfaction 4.4 + pain 3.6
AT_CUTOFF = [4, 4, 5, 5, 5, 1, 5, 5, 5, 0, 4, 4, 3, 4, 4, 3, 3, 3, 3]
# arousal one point less (-0.3), pain one point more (+0.4)
JUST_ABOVE = [4, 4, 5, 5, 5, 0, 5, 5, 5, 0, 4, 4, 3, 4, 4, 3, 4, 3, 3]


@pytest.mark.parametrize(("answers", "total", "below", "band"), [
    (AT_CUTOFF, 26.5, True, "at or below the cutoff (sexual dysfunction likely)"),
    (JUST_ABOVE, 26.6, False, "above the cutoff"),
])
def test_fsfi_either_side_of_the_26_55_cutoff(
    answers: list[int], total: float, below: bool, band: str
) -> None:
    result = score(FSFI, answers)
    assert fsfi_by_hand(answers)[1] == total
    assert (result.total, result.below_cutoff, result.band) == (total, below, band)


# --- cutoffs, risk, reliable change ----------------------------------------------------------


@pytest.mark.parametrize(("form", "total", "clinical"), [
    (PHQ9, 9, False), (PHQ9, 10, True), (GAD7, 9, False), (GAD7, 10, True),
    (CSI16, 51, True), (CSI16, 52, False), (CSI4, 13, True), (CSI4, 14, False),
    (IIEF5, 21, True), (IIEF5, 22, False),
])
def test_the_clinical_side_of_each_cutoff(form: Instrument, total: int, clinical: bool) -> None:
    result = score(form, answers_totalling(form, total))
    assert in_clinical_range(form, result.total) is clinical


@given(answers_for(PHQ9))
def test_phq9_item_9_above_zero_raises_the_risk_flag(answers: list[int]) -> None:
    result = score(PHQ9, answers)
    assert result.has_risk is (answers[8] > 0)
    assert result.risk_items == ((9,) if answers[8] > 0 else ())


def test_only_the_phq9_has_a_risk_item() -> None:
    assert [k for k, f in INSTRUMENTS.items() if f.risk_items] == ["phq9"]
    assert [k for k, f in INSTRUMENTS.items() if f.per_relationship] == ["csi16", "csi4"]


@pytest.mark.parametrize(("form", "before", "after", "change"), [
    (PHQ9, 18, 12, "improved"), (PHQ9, 18, 13, "no reliable change"),
    (PHQ9, 8, 14, "deteriorated"), (GAD7, 12, 8, "improved"), (GAD7, 12, 9, "no reliable change"),
    (CSI4, 10, 14, "improved"), (CSI4, 14, 10, "deteriorated"),
    (FSFI, 20.0, 27.1, "improved"), (FSFI, 20.0, 27.0, "no reliable change"),
])
def test_reliable_change_against_each_threshold(
    form: Instrument, before: float, after: float, change: str
) -> None:
    assert reliable_change(form, before, after) == change


# --- refusals name the item --------------------------------------------------------------


def test_an_answer_out_of_range_is_refused_naming_the_item() -> None:
    with pytest.raises(ValidationError, match=r"^Item 4 of the PHQ-9 must be between 0 and 3\.$"):
        score(PHQ9, [0, 0, 0, 4, 0, 0, 0, 0, 0])


def test_a_wrong_number_of_answers_is_refused_saying_how_many() -> None:
    with pytest.raises(ValidationError, match=r"The GAD-7 has 7 items; 6 answers were given"):
        score(GAD7, [0] * 6)


def test_typed_answers_are_read_and_a_word_is_refused_naming_the_item() -> None:
    assert parse_answers(CSI4, "6, 5,0,1") == (6, 5, 0, 1)
    with pytest.raises(ValidationError, match="Item 2 of the CSI-4 must be a whole number"):
        parse_answers(CSI4, "6,x,0,1")
    with pytest.raises(ValidationError, match="The CSI-4 has 4 items; 0 answers were given"):
        parse_answers(CSI4, "  ")


def test_an_unknown_instrument_is_refused_listing_the_known_ones() -> None:
    with pytest.raises(ValidationError, match="phq9, gad7, iief5, fsfi, csi16, csi4"):
        instrument("beck")
    assert score("PHQ9".lower(), [0] * 9).band == "minimal"


def test_a_reverse_scored_item_counts_from_the_other_end() -> None:
    form = Instrument(
        key="demo", name="Demo", title="Demo", bands=(Band(0, 6, "any"),),
        items=(Item(1, "plain", 0, 3), Item(2, "reversed", 0, 3, reverse=True)),
        reliable_change=2, reliable_change_source="test",
    )
    assert score(form, [3, 0]).total == 6
    assert score(form, [0, 3]).total == 0
    assert (form.lowest_total, form.highest_total) == (0, 6)


def test_only_freely_reproducible_instruments_carry_wording() -> None:
    for key, form in INSTRUMENTS.items():
        worded = any(i.text or i.choices for i in form.items) or bool(form.instructions)
        assert worded is form.reproducible is (key in {"phq9", "gad7"}), key
