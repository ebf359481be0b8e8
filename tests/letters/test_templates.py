"""Templates: editable files whose sections print only when the release covers them."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from practice.letters import (
    MissingField,
    TemplateError,
    UndrawableText,
    UnknownPlaceholder,
    fill,
    load_templates,
)
from practice.letters.model import SCOPES
from practice.letters.specimen import specimen_fields
from practice.letters.templates import (
    FIELD_SCOPES,
    FIELDS,
    bundled_templates_dir,
    parse_template,
)

SPECIALTIES = {
    "cardiology",
    "urology",
    "gynecology",
    "pelvic-floor-pt",
    "oncology",
    "endocrinology",
    "primary-care",
    "psychiatry",
    "general",
}

MINIMAL = """\
key: mini
title: Minimal
specialty: General
purpose: Coordination of care

[opening]
Hello about {client_name}.
"""


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_specialty_has_a_bundled_template() -> None:
    assert set(load_templates()) == SPECIALTIES


@pytest.mark.parametrize("key", sorted(SPECIALTIES))
def test_each_bundled_template_loads_and_fills_for_every_scope(key: str) -> None:
    template = load_templates()[key]
    filled = fill(template, specimen_fields(), SCOPES)
    body = " ".join(filled.paragraphs)
    assert filled.purpose.startswith("Coordination of care")
    assert "{" not in body and "}" not in body
    assert "Alex" in body
    assert specimen_fields()["diagnosis_summary"] in body
    assert template.source is not None and template.source.parent == bundled_templates_dir()


@pytest.mark.parametrize("key", sorted(SPECIALTIES))
def test_each_bundled_template_fills_for_attendance_alone(key: str) -> None:
    fields = {
        k: v for k, v in specimen_fields().items() if FIELD_SCOPES.get(k) in (None, "attendance")
    }
    filled = fill(load_templates()[key], fields, frozenset({"attendance"}))
    assert any("Sessions attended to date: 9." in p for p in filled.paragraphs)


def test_a_diagnosis_section_is_left_out_when_only_attendance_is_released() -> None:
    template = load_templates()["general"]
    filled = fill(template, specimen_fields(), frozenset({"attendance"}))
    body = " ".join(filled.paragraphs)
    assert "Diagnostic impression" not in body
    assert specimen_fields()["diagnosis_summary"] not in body
    assert specimen_fields()["treatment_summary"] not in body
    assert "Sessions attended to date" in body


def test_fields_for_sections_left_out_need_not_be_gathered() -> None:
    template = load_templates()["general"]
    needed = template.fields_needed(frozenset({"attendance"}))
    assert "diagnosis_summary" not in needed
    assert {"client_name", "session_count", "start_date", "attendance_summary"} <= needed
    fields = {name: specimen_fields()[name] for name in needed}
    fill(template, fields, frozenset({"attendance"}))  # no MissingField


def test_missing_and_blank_fields_are_all_named() -> None:
    template = load_templates()["general"]
    fields = specimen_fields()
    del fields["session_count"]
    fields["diagnosis_summary"] = "   "
    with pytest.raises(MissingField) as caught:
        fill(template, fields, SCOPES)
    assert caught.value.fields == ("diagnosis_summary", "session_count")
    assert "diagnosis_summary" in str(caught.value)


def test_an_undrawable_field_is_named_without_its_text() -> None:
    fields = {**specimen_fields(), "diagnosis_summary": "診断"}
    with pytest.raises(UndrawableText) as caught:
        fill(load_templates()["general"], fields, SCOPES)
    assert caught.value.fields == ("diagnosis_summary",)
    assert "診断" not in str(caught.value)


def test_an_unknown_placeholder_names_the_field_and_line() -> None:
    text = MINIMAL + "\n[more]\nDear {client_nme},\n"
    with pytest.raises(UnknownPlaceholder, match=r"line 10: unknown field \{client_nme\}"):
        parse_template(text, where="mine.txt")


def test_a_disclosing_field_outside_its_scope_stops_the_template_loading() -> None:
    text = MINIMAL + "\n[sneaky]\nBy the way: {diagnosis_summary}\n"
    with pytest.raises(TemplateError, match=r"diagnosis_summary.*requires 'diagnosis'"):
        parse_template(text)


def test_the_purpose_line_may_not_disclose_anything() -> None:
    text = MINIMAL.replace("purpose: Coordination of care", "purpose: About {diagnosis_summary}")
    with pytest.raises(TemplateError, match="purpose"):
        parse_template(text)


def test_a_misspelt_scope_is_refused_when_loading_and_when_filling() -> None:
    with pytest.raises(TemplateError, match="unknown scope diagnoses"):
        parse_template(MINIMAL + "\n[dx] requires: diagnoses\n{diagnosis_summary}\n")
    template = parse_template(MINIMAL)
    with pytest.raises(TemplateError, match="Unknown release scope"):
        fill(template, {"client_name": "Sam"}, frozenset({"diagnoses"}))


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (MINIMAL.replace("title: Minimal\n", ""), "needs title"),
        (MINIMAL.replace("key: mini", "key: Mini Letter"), "key may use only"),
        (MINIMAL.replace("title: Minimal", "titel: Minimal"), "line 2: expected one of"),
        (MINIMAL.replace("title: Minimal", "title: A\ntitle: B"), "line 3: title is given twice"),
        (MINIMAL.replace("[opening]", "[opening"), "a section line looks like"),
        (MINIMAL + "\n[empty]\n\n", r"section \[empty\] has no text"),
        (MINIMAL + "\n[opening]\nagain\n", "section names repeat: opening"),
        (MINIMAL.replace("Hello", "Hello {"), "a lone '{'"),
        (MINIMAL.replace("Hello", "Hello 你好"), "characters the letter font lacks"),
        (MINIMAL.split("[opening]")[0], "no \\[section\\]"),
    ],
)
def test_a_malformed_template_says_what_is_wrong(broken: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        parse_template(broken, where="mine.txt")


def test_lines_join_into_paragraphs_and_blank_lines_separate_them() -> None:
    text = MINIMAL + "\n[body]\nOne line\ncontinues here.\n\n# a comment\nSecond {{braced}}.\n"
    filled = fill(parse_template(text), {"client_name": "Sam"}, frozenset())
    assert filled.paragraphs == (
        "Hello about Sam.",
        "One line continues here.",
        "Second {braced}.",
    )


def test_a_user_template_overrides_a_bundled_one_by_key(tmp_path: Path) -> None:
    own = MINIMAL.replace("key: mini", "key: cardiology").replace("Minimal", "My cardiology")
    path = _write(tmp_path, "my-cardiology.txt", own)
    templates = load_templates(tmp_path)
    assert templates["cardiology"].title == "My cardiology"
    assert templates["cardiology"].source == path
    assert set(templates) == SPECIALTIES


def test_a_user_template_with_a_new_key_is_added(tmp_path: Path) -> None:
    _write(tmp_path, "mini.txt", MINIMAL)
    templates = load_templates(tmp_path)
    assert set(templates) == SPECIALTIES | {"mini"}


def test_a_missing_user_folder_is_no_error(tmp_path: Path) -> None:
    assert set(load_templates(tmp_path / "not-yet-created")) == SPECIALTIES


def test_two_user_templates_with_one_key_are_refused_naming_both_files(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", MINIMAL)
    _write(tmp_path, "b.txt", MINIMAL)
    with pytest.raises(TemplateError, match=r"a\.txt and .*b\.txt"):
        load_templates(tmp_path)


def test_a_template_that_is_not_utf8_is_refused_naming_the_file(tmp_path: Path) -> None:
    tmp_path.joinpath("latin1.txt").write_bytes(MINIMAL.replace("Hello", "Hallå").encode("latin-1"))
    with pytest.raises(TemplateError, match=r"latin1\.txt cannot be read"):
        load_templates(tmp_path)


def test_the_documented_fields_are_the_known_fields() -> None:
    readme = (bundled_templates_dir() / "README.md").read_text(encoding="utf-8")
    for name in FIELDS:
        assert f"{{{name}}}" in readme
    for scope in SCOPES:
        assert f"`{scope}`" in readme


@settings(max_examples=30, deadline=None)
@given(allowed=st.sets(st.sampled_from(sorted(SCOPES))))
def test_no_scoped_text_appears_unless_its_scope_is_released(allowed: set[str]) -> None:
    markers = {name: f"MARK-{name}" for name in FIELDS}
    for template in load_templates().values():
        body = " ".join(fill(template, markers, frozenset(allowed)).paragraphs)
        for name, scope in FIELD_SCOPES.items():
            if scope not in allowed:
                assert markers[name] not in body
