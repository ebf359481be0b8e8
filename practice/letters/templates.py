"""Letter templates: editable text files whose sections carry the release scopes they need.

The file format is described in ``resources/letters/templates/README.md``. In short::

    # a comment
    key: cardiology
    title: Cardiology
    specialty: Cardiology
    purpose: Coordination of care with cardiology

    [opening]
    I am writing, with {client_name}'s written authorization, ...

    [diagnosis] requires: diagnosis
    Diagnostic impression: {diagnosis_summary}

A section is printed only when the release covers every scope it requires, and a
field that discloses something (``{diagnosis_summary}`` needs ``diagnosis``) may only
appear in a section that requires that scope, so minimum necessary holds by
construction: a template that could leak does not load.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from practice.documents.glyphs import check_drawable, is_drawable, normalise
from practice.letters.errors import MissingField, TemplateError, UnknownPlaceholder
from practice.letters.model import SCOPES
from practice.measures import INSTRUMENTS
from practice.paths import resources_dir

#: Fields that disclose clinical information, with the release scope each needs.
FIELD_SCOPES: Mapping[str, str] = {
    "attendance_summary": "attendance",
    "session_count": "attendance",
    "start_date": "attendance",
    "last_session_date": "attendance",
    "diagnosis_summary": "diagnosis",
    "treatment_summary": "treatment_summary",
    "recommendations": "recommendations",
    "progress_summary": "progress",
    "risk_summary": "risk",
}
#: Fields any section may use: who the letter is about and to.
UNSCOPED_FIELDS: frozenset[str] = frozenset(
    {
        "client_name",
        "pronoun_subject",
        "pronoun_object",
        "pronoun_possessive",
        "pronoun_reflexive",
        "recipient_name",
    }
)
FIELDS: frozenset[str] = UNSCOPED_FIELDS | frozenset(FIELD_SCOPES)

_HEADER_KEYS = ("key", "title", "specialty", "purpose")
_OPTIONAL_HEADER_KEYS = ("measures",)
_KEY_RE = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")
_SECTION_RE = re.compile(r"\[([a-z0-9][a-z0-9_-]*)\]\s*(?:requires:(.*))?\Z")
_TOKEN_RE = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_FIELD_NAME_RE = re.compile(r"[a-z_][a-z0-9_]*\Z")


@dataclass(frozen=True)
class Field:
    """A placeholder inside template text, e.g. ``{client_name}``."""

    name: str


Chunk = str | Field
Text = tuple[Chunk, ...]


@dataclass(frozen=True)
class TemplateSection:
    """One section of a template.

    Attributes:
        name: The section's name (from its ``[name]`` line).
        requires: Release scopes that must all be allowed for it to print.
        paragraphs: Pre-parsed paragraphs: literal text and fields.
    """

    name: str
    requires: frozenset[str]
    paragraphs: tuple[Text, ...]

    @property
    def fields(self) -> frozenset[str]:
        """Names of the fields this section uses."""
        return frozenset(_fields_of(self.paragraphs))


@dataclass(frozen=True)
class LetterTemplate:
    """A parsed letter template.

    Attributes:
        key: Unique key; a user template with the same key replaces a bundled one.
        title: Name shown to the therapist.
        specialty: The recipient's specialty it is written for.
        purpose: The letter's purpose line (may use unscoped fields only).
        sections: The body sections in order.
        source: The file it was read from, if any.
        measures: The instruments whose scores a section requiring ``measures`` shows
            (the optional ``measures:`` header line, e.g. ``measures: iief5``).
    """

    key: str
    title: str
    specialty: str
    purpose: Text
    sections: tuple[TemplateSection, ...]
    source: Path | None = None
    measures: tuple[str, ...] = ()

    def sections_for(self, allowed_scopes: frozenset[str]) -> tuple[TemplateSection, ...]:
        """Return the sections a release with these scopes allows, in order."""
        return tuple(s for s in self.sections if s.requires <= allowed_scopes)

    def fields_needed(self, allowed_scopes: frozenset[str]) -> frozenset[str]:
        """Return the fields a letter with these scopes needs, so only those are gathered."""
        needed = set(_fields_of((self.purpose,)))
        for section in self.sections_for(allowed_scopes):
            needed |= section.fields
        return frozenset(needed)


@dataclass(frozen=True)
class FilledTemplate:
    """A template filled for one letter.

    Attributes:
        purpose: The purpose line.
        paragraphs: Body paragraphs, ready for ``LetterContent.paragraphs``.
    """

    purpose: str
    paragraphs: tuple[str, ...]


def bundled_templates_dir() -> Path:
    """Return the folder of templates shipped with Practice."""
    return resources_dir() / "letters" / "templates"


def load_templates(user_dir: Path | None = None) -> dict[str, LetterTemplate]:
    """Load the bundled templates, then the therapist's own, which win on the same key.

    Templates are read fresh on every call so that edits show up; keep the result and
    reuse it for a batch of letters.

    Args:
        user_dir: The therapist's template folder; ignored when it does not exist.

    Returns:
        Templates by key.

    Raises:
        TemplateError: A file is malformed, naming the file and line.
    """
    templates = _load_folder(bundled_templates_dir())
    if user_dir is not None and user_dir.is_dir():
        templates.update(_load_folder(user_dir))
    return templates


def _load_folder(folder: Path) -> dict[str, LetterTemplate]:
    found: dict[str, LetterTemplate] = {}
    for path in sorted(folder.glob("*.txt")):
        template = load_template_file(path)
        if template.key in found:
            raise TemplateError(
                f"Two letter templates in {folder} use the key {template.key!r}: "
                f"{found[template.key].source} and {path}."
            )
        found[template.key] = template
    return found


def load_template_file(path: Path) -> LetterTemplate:
    """Read and parse one template file.

    Args:
        path: A UTF-8 text file in the template format.

    Returns:
        The parsed template.

    Raises:
        TemplateError: The file cannot be read or is malformed.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"The letter template {path} cannot be read as UTF-8 text.") from exc
    return dataclasses.replace(parse_template(text, where=str(path)), source=path)


def parse_template(text: str, where: str = "template") -> LetterTemplate:
    """Parse template text.

    Args:
        text: The whole template, in the documented format.
        where: How errors name the template (usually its path).

    Returns:
        The parsed template.

    Raises:
        TemplateError: The text is malformed; the message gives ``where`` and the line.
        UnknownPlaceholder: A ``{name}`` is not one of ``FIELDS``.
    """
    lines = normalise(text).split("\n")
    header, body_start = _parse_header(lines, where)
    sections = _parse_sections(lines, body_start, where)
    if not sections:
        raise TemplateError(f"{where}: the template has no [section].")
    purpose = _parse_text(header["purpose"], f"{where}, purpose")
    _check_scoped_fields(purpose, frozenset(), f"{where}, purpose")
    return LetterTemplate(
        key=header["key"],
        title=header["title"],
        specialty=header["specialty"],
        purpose=purpose,
        sections=tuple(sections),
        measures=_letter_measures(header.get("measures", ""), where),
    )


def _letter_measures(text: str, where: str) -> tuple[str, ...]:
    """The instruments a template offers, by key.

    A relationship measure (the CSI) never goes in a letter: it is about a partner.
    """
    keys = tuple(k.strip().lower() for k in text.split(",") if k.strip())
    for key in keys:
        form = INSTRUMENTS.get(key)
        if form is None or form.per_relationship:
            raise TemplateError(
                f"{where}: measures may name "
                + ", ".join(k for k, f in INSTRUMENTS.items() if not f.per_relationship)
                + f"; not {key!r}.")
    return keys


def _parse_header(lines: list[str], where: str) -> tuple[dict[str, str], int]:
    body_start = next(
        (i for i, line in enumerate(lines) if line.strip().startswith("[")), len(lines)
    )
    header: dict[str, str] = {}
    for index, line in enumerate(lines[:body_start]):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        name, sep, value = stripped.partition(":")
        name = name.strip().lower()
        if not sep or name not in _HEADER_KEYS + _OPTIONAL_HEADER_KEYS:
            raise TemplateError(
                f"{where}, line {index + 1}: expected one of "
                f"{', '.join(_HEADER_KEYS + _OPTIONAL_HEADER_KEYS)} followed by a colon."
            )
        if name in header:
            raise TemplateError(f"{where}, line {index + 1}: {name} is given twice.")
        header[name] = value.strip()
    _check_header(header, where)
    return header, body_start


def _check_header(header: Mapping[str, str], where: str) -> None:
    missing = [k for k in _HEADER_KEYS if not header.get(k)]
    if missing:
        raise TemplateError(f"{where}: the header needs {', '.join(missing)}.")
    if not _KEY_RE.match(header["key"]):
        raise TemplateError(
            f"{where}: the key may use only lower-case letters, digits, '-' and '_'."
        )
    for name in ("title", "specialty"):
        if not is_drawable(header[name]):
            raise TemplateError(f"{where}: the {name} has characters the letter font lacks.")


def _parse_sections(lines: list[str], start: int, where: str) -> list[TemplateSection]:
    sections: list[TemplateSection] = []
    heading: tuple[str, frozenset[str], int] | None = None
    body: list[tuple[int, str]] = []
    for number, line in enumerate(lines[start:], start=start + 1):
        stripped = line.strip()
        if stripped.startswith("#"):
            continue
        if stripped.startswith("["):
            if heading is not None:
                sections.append(_make_section(heading, body, where))
            heading, body = _parse_heading(stripped, number, where), []
        else:
            body.append((number, stripped))
    if heading is not None:
        sections.append(_make_section(heading, body, where))
    names = [s.name for s in sections]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise TemplateError(f"{where}: section names repeat: {', '.join(duplicates)}.")
    return sections


def _parse_heading(line: str, number: int, where: str) -> tuple[str, frozenset[str], int]:
    match = _SECTION_RE.match(line)
    if match is None:
        raise TemplateError(
            f"{where}, line {number}: a section line looks like "
            "[name] or [name] requires: scope, scope."
        )
    scopes = frozenset(s.strip() for s in (match.group(2) or "").split(",") if s.strip())
    if match.group(2) is not None and not scopes:
        raise TemplateError(f"{where}, line {number}: 'requires:' names no scope.")
    unknown = sorted(scopes - SCOPES)
    if unknown:
        raise TemplateError(
            f"{where}, line {number}: unknown scope {', '.join(unknown)}; "
            f"known scopes are {', '.join(sorted(SCOPES))}."
        )
    return match.group(1), scopes, number


def _make_section(
    heading: tuple[str, frozenset[str], int], body: list[tuple[int, str]], where: str
) -> TemplateSection:
    name, requires, number = heading
    paragraphs: list[Text] = []
    for first_line, joined in _paragraphs(body):
        text = _parse_text(joined, f"{where}, line {first_line}")
        _check_scoped_fields(text, requires, f"{where}, line {first_line}")
        paragraphs.append(text)
    if not paragraphs:
        raise TemplateError(f"{where}, line {number}: section [{name}] has no text.")
    return TemplateSection(name, requires, tuple(paragraphs))


def _paragraphs(body: list[tuple[int, str]]) -> Iterable[tuple[int, str]]:
    """Join runs of non-blank lines into paragraphs, remembering each one's first line."""
    run: list[tuple[int, str]] = []
    for number, line in [*body, (0, "")]:
        if line:
            run.append((number, line))
        elif run:
            yield run[0][0], " ".join(text for _, text in run)
            run = []


def _parse_text(text: str, where: str) -> Text:
    chunks: list[Chunk] = []
    position = 0
    for match in _TOKEN_RE.finditer(text):
        _append_literal(chunks, text[position : match.start()])
        position = match.end()
        token = match.group(0)
        if token in ("{{", "}}"):
            _append_literal(chunks, token[0])
        elif token in ("{", "}"):
            raise TemplateError(f"{where}: a lone {token!r}; write {token * 2} for a brace.")
        else:
            chunks.append(Field(_field_name(match.group(1), where)))
    _append_literal(chunks, text[position:])
    literal = "".join(c for c in chunks if isinstance(c, str))
    if not is_drawable(literal):
        raise TemplateError(f"{where}: the text has characters the letter font lacks.")
    return tuple(chunks)


def _field_name(raw: str, where: str) -> str:
    name = raw.strip()
    if not _FIELD_NAME_RE.match(name) or name not in FIELDS:
        raise UnknownPlaceholder(
            f"{where}: unknown field {{{name}}}; known fields are "
            + ", ".join(sorted(FIELDS))
            + "."
        )
    return name


def _append_literal(chunks: list[Chunk], text: str) -> None:
    if not text:
        return
    if chunks and isinstance(chunks[-1], str):
        chunks[-1] += text
    else:
        chunks.append(text)


def _check_scoped_fields(text: Text, requires: frozenset[str], where: str) -> None:
    for name in _fields_of((text,)):
        scope = FIELD_SCOPES.get(name)
        if scope is not None and scope not in requires:
            raise TemplateError(
                f"{where}: {{{name}}} discloses {scope!r}, so it may only appear in a "
                f"section that requires {scope!r}."
            )


def _fields_of(paragraphs: Iterable[Text]) -> Iterable[str]:
    for text in paragraphs:
        for chunk in text:
            if isinstance(chunk, Field):
                yield chunk.name


def fill(
    template: LetterTemplate, fields: Mapping[str, str], allowed_scopes: frozenset[str]
) -> FilledTemplate:
    """Fill a template for one letter, keeping only the sections the release allows.

    Args:
        template: A loaded template.
        fields: Field values by name; extra fields are ignored, and fields of omitted
            sections need not be given.
        allowed_scopes: The scopes the client's release covers.

    Returns:
        The purpose line and body paragraphs.

    Raises:
        TemplateError: ``allowed_scopes`` names an unknown scope.
        MissingField: A needed field is absent or blank (all such fields are named).
        UndrawableText: A needed field holds characters the font cannot draw.
    """
    unknown = sorted(allowed_scopes - SCOPES)
    if unknown:
        raise TemplateError("Unknown release scope: " + ", ".join(unknown) + ".")
    needed = template.fields_needed(allowed_scopes)
    missing = [name for name in needed if not fields.get(name, "").strip()]
    if missing:
        raise MissingField(missing)
    values = {name: normalise(fields[name]).strip() for name in sorted(needed)}
    check_drawable(values)
    paragraphs = tuple(
        _substitute(text, values)
        for section in template.sections_for(allowed_scopes)
        for text in section.paragraphs
    )
    return FilledTemplate(_substitute(template.purpose, values), paragraphs)


def _substitute(text: Text, values: Mapping[str, str]) -> str:
    return "".join(c if isinstance(c, str) else values[c.name] for c in text)


@dataclass(frozen=True)
class PronounSet:
    """A client's pronouns in the forms templates use.

    Templates should avoid a subject pronoun before a verb ("they are" / "she is");
    they use the client's name there, so any set of pronouns reads correctly.
    """

    subject: str
    object: str
    possessive: str
    reflexive: str

    def as_fields(self) -> dict[str, str]:
        """Return the ``pronoun_*`` template fields."""
        return {
            "pronoun_subject": self.subject,
            "pronoun_object": self.object,
            "pronoun_possessive": self.possessive,
            "pronoun_reflexive": self.reflexive,
        }


#: The common sets, by the way clients usually write them.
COMMON_PRONOUNS: Mapping[str, PronounSet] = {
    "she/her": PronounSet("she", "her", "her", "herself"),
    "he/him": PronounSet("he", "him", "his", "himself"),
    "they/them": PronounSet("they", "them", "their", "themself"),
}
