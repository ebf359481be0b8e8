"""Composing a care-coordination letter from the record, disclosing only what is allowed.

``compose_letter`` gathers only what the client's release to the recipient allows (from
``disclosable``: signed notes, the client's own share of joint sessions, never
a psychotherapy note) into a ``LetterDraft`` the therapist reviews before issuing it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from practice.documents.glyphs import check_drawable
from practice.errors import ValidationError
from practice.letters.errors import LetterError
from practice.letters.model import LetterContent
from practice.letters.model import Recipient as RecipientBlock
from practice.letters.templates import LetterTemplate, fill, load_templates
from practice.models.notes import NoteAttendee, ProgressNote
from practice.services.clients import ClientView, get_client, name_on_channel
from practice.services.letters.disclosable import DisclosableRecord, disclosable_record
from practice.services.letters.fields import clean_extra, person_fields, record_fields
from practice.services.letters.guard import (
    OtherPerson,
    copy_line,
    names_found,
    others_without_release,
)
from practice.services.letters.measures import letter_scores, printed_scopes, with_scores
from practice.services.letters.profile import (
    Writer,
    addressed_name,
    load_writer,
    recipient,
    recipient_line,
)
from practice.services.providers import ProviderView, get_provider, provider_view
from practice.services.releases import (
    SCOPES,
    DisclosureDecision,
    DisclosureRefused,
    ReleaseView,
    Scope,
    get_release,
    list_releases,
    require_disclosure,
)
from practice.text.keys import clean_line

CopyChannel = Literal["post", "email"]


class DraftOutdated(LetterError):
    """The release a draft relied on is no longer the one in force: compose it again."""


class OtherMemberNamed(LetterError):
    """Text typed for the letter names another member who has no release for its recipients."""


class CopyRefused(DisclosureRefused):
    """A copy (cc) to another provider is not allowed by the client's releases."""

    def __init__(self, decision: DisclosureDecision) -> None:
        super().__init__(decision)
        self.message = f"The copy (cc) to another provider cannot be sent: {decision.reason}"
        self.args = (self.message,)


@dataclass(frozen=True)
class CcClient:
    """A copy to the client, by a channel the client has marked safe."""

    channel: CopyChannel = "post"


@dataclass(frozen=True)
class CcProvider:
    """A copy to another provider: a disclosure too, so it needs its own release."""

    provider_id: int


Copy = CcClient | CcProvider


@dataclass(frozen=True)
class LetterDraft:
    """A composed letter, not yet issued.

    Attributes:
        client_id: Whom the letter is about.
        provider_id: The recipient.
        template_key: The template it was filled from.
        letter_date: The letter's date (the release is checked on it).
        scopes: What the letter discloses: the scopes of the sections printed.
        release_id: The client's release it relies on.
        joint_note_ids: Joint-session notes it draws on (their attendees' releases count).
        cc_provider_ids: Providers receiving a copy.
        legal_name_used: Whether the reference line carries the legal name.
        content: What will be printed.
    """

    client_id: int
    provider_id: int
    template_key: str
    letter_date: date
    scopes: frozenset[Scope]
    release_id: int
    joint_note_ids: tuple[int, ...]
    cc_provider_ids: tuple[int, ...]
    legal_name_used: bool
    content: LetterContent


def compose_letter(
    sessions: sessionmaker[Session], *, client_id: int, provider_id: int, template_key: str,
    on: date, use_legal_name: bool, purpose_override: str | None = None,
    extra_fields: Mapping[str, str] | None = None, cc: Sequence[Copy] = (),
    scopes: Iterable[Scope] | None = None, include_joint: bool = False,
    templates: Mapping[str, LetterTemplate] | None = None,
) -> LetterDraft:
    """Compose a letter about one client to one provider, disclosing only what is allowed.

    Args:
        sessions: The store's sessionmaker.
        client_id: Whom the letter is about.
        provider_id: The recipient.
        template_key: The template, e.g. ``"urology"``.
        on: The letter's date.
        use_legal_name: Put the legal name (not the chosen one) in the reference line, for a
            recipient who files records under it. The body always uses the chosen name.
        purpose_override: A purpose line instead of the template's.
        extra_fields: Prose the therapist wrote (``treatment_summary``, ...); only the
            fields of sections the release allows are used.
        cc: Copies to the client or to other providers.
        scopes: Narrow the letter to these scopes (minimum necessary); by default, all the
            client's release in force allows.
        include_joint: Draw on joint sessions too; every other attendee then needs a release
            to the same recipients.
        templates: Loaded templates (default: the bundled ones).

    Returns:
        The draft, ready to review and issue.

    Raises:
        DisclosureRefused: No release in force allows it; the message says why.
        CopyRefused: A copied provider has no release allowing it.
        ValidationError: Bad input, a future date, or a copy by a channel not marked safe.
        MissingField: The template needs text nobody supplied (the fields are named).
        OtherMemberNamed: Typed text names another member without a release.
        UndrawableText: Some text has characters the letter font cannot print.
        LetterError: The practice's details or the client's date of birth are missing.
    """
    if on > date.today():
        raise ValidationError("A letter cannot be dated in the future.")
    template = _template(template_key, templates)
    extra = clean_extra(extra_fields)
    purpose = clean_line(purpose_override, "Purpose", max_len=500)
    client = get_client(sessions, client_id)
    if client.details.date_of_birth is None:
        raise LetterError("Date of birth is needed for the letter's reference line.")
    provider = get_provider(sessions, provider_id)
    releases = list_releases(sessions, client_id)
    wanted = _letter_scopes(template, scopes, _in_force(releases, provider, on))
    scores = letter_scores(sessions, client_id, template.measures, on,
                           risk="risk" in wanted) if "measures" in wanted else ()
    if "measures" in wanted and not scores:
        # Nothing to show: the section goes, and the letter does not claim scores were sent.
        wanted = printed_scopes(template, wanted - {"measures"})  # type: ignore[assignment]
    found = _gather(sessions, client, provider, on, wanted, cc, include_joint=include_joint)
    addressed = addressed_name(provider)
    fields = {**record_fields(found.record), **extra, **person_fields(client, addressed)}
    filled = fill(template, fields, wanted)
    typed = {n: v for n, v in extra.items() if n in template.fields_needed(wanted)}
    _refuse_other_names({**typed, **({"purpose": purpose} if purpose else {})}, found.others,
                        (client.details.legal_name, client.display_name,
                         provider.details.name, addressed))
    release_id = found.record.decision.release_id
    assert release_id is not None  # an allowed decision names its release
    content = _content(
        client, found, on, use_legal_name=use_legal_name, purpose=purpose or filled.purpose,
        paragraphs=filled.paragraphs,
        release_signed_on=get_release(sessions, release_id).details.signed_on,
        writer=load_writer(sessions, on),
    )
    content = with_scores(content, template, wanted, scores)
    return LetterDraft(client_id, provider_id, template.key, on, wanted, release_id,
                       found.joint, found.cc_ids, use_legal_name, content)


@dataclass(frozen=True)
class _Gathered:
    """What one read transaction collects for a letter."""

    record: DisclosableRecord
    joint: tuple[int, ...]
    recipient: RecipientBlock
    cc_lines: tuple[str, ...]
    cc_ids: tuple[int, ...]
    others: tuple[OtherPerson, ...]


def _gather(
    sessions: sessionmaker[Session], client: ClientView, provider: ProviderView, on: date,
    scopes: frozenset[Scope], cc: Sequence[Copy], *, include_joint: bool,
) -> _Gathered:
    with sessions.begin() as s:
        joint = _joint_notes(s, client.id, on) if include_joint else ()
        rec = disclosable_record(s, client.id, provider.id, on, scopes, until=on,
                                 include_joint=include_joint)
        cc_lines, cc_ids = _copies(s, client, provider.id, cc, on, scopes, joint)
        others = others_without_release(s, client.id, (provider.id, *cc_ids), on, scopes)
        return _Gathered(rec, joint, recipient(s, provider), cc_lines, cc_ids, others)


def _refuse_other_names(
    typed: Mapping[str, str], others: Sequence[OtherPerson], own: Sequence[str]
) -> None:
    named = names_found(typed, others, own)
    if named:
        raise OtherMemberNamed(
            "The letter would name another member of the client's care unit who has not "
            "authorized this disclosure, or a diagnosis of theirs. Remove it from: "
            + ", ".join(named) + "."
        )


def _content(
    client: ClientView, found: _Gathered, on: date, *, use_legal_name: bool, purpose: str,
    paragraphs: tuple[str, ...], release_signed_on: date, writer: Writer,
) -> LetterContent:
    assert client.details.date_of_birth is not None
    if not writer.letterhead.practice_name.strip() or not writer.signatory.name.strip():
        raise LetterError("Fill in the practice's name and your name in Settings before "
                          "writing letters: the letterhead and signature come from there.")
    reference = client.details.legal_name if use_legal_name else client.display_name
    block = found.recipient
    # Checked now rather than at issue, so the therapist hears of it while composing.
    check_drawable({
        "reference name": reference, "purpose": purpose, "recipient name": block.name,
        "recipient credentials": block.credentials, "recipient organization": block.organisation,
        "recipient address": " ".join(block.address_lines), "recipient fax": block.fax,
        **{f"cc line {n}": line for n, line in enumerate(found.cc_lines, start=1)},
    })
    return LetterContent(
        letterhead=writer.letterhead, letter_date=on, recipient=block, reference_name=reference,
        reference_dob=client.details.date_of_birth, purpose=purpose, paragraphs=paragraphs,
        release_signed_on=release_signed_on, signatory=writer.signatory, cc=found.cc_lines,
    )


def _template(key: str, templates: Mapping[str, LetterTemplate] | None) -> LetterTemplate:
    available = load_templates() if templates is None else templates
    if key not in available:
        raise ValidationError(
            f"There is no letter template {key!r}; the templates are "
            + ", ".join(sorted(available)) + "."
        )
    return available[key]


def _in_force(
    releases: Iterable[ReleaseView], provider: ProviderView, on: date
) -> tuple[ReleaseView, ...]:
    org = provider.details.organisation_id
    return tuple(
        r for r in releases
        if (r.details.provider_id == provider.id
            or (org is not None and r.details.organisation_id == org))
        and r.state_on(on) == "active"
    )


def _letter_scopes(
    template: LetterTemplate, requested: Iterable[Scope] | None,
    in_force: Sequence[ReleaseView],
) -> frozenset[Scope]:
    """What the letter discloses: the scopes of the sections it prints.

    By default every scope of the broadest release in force is offered to the template.
    A letter always says the client is in treatment, so one that prints no scoped section
    still discloses attendance.
    """
    if requested is not None:
        asked = frozenset(requested)
        if not asked or not asked <= set(SCOPES):
            raise ValidationError("Scope must be one or more of the listed kinds of information.")
    else:
        asked = max((r.details.scopes for r in in_force), key=len, default=frozenset())
    printed: set[Scope] = set()
    for section in template.sections_for(frozenset(asked)):
        printed |= section.requires  # type: ignore[arg-type]
    return frozenset(printed) or frozenset({"attendance"})


def _joint_notes(session: Session, client_id: int, until: date) -> tuple[int, ...]:
    """The signed joint-session notes up to a date that ``disclosable_record`` checks."""
    attended = select(NoteAttendee.note_id).where(NoteAttendee.client_id == client_id)
    stmt = (
        select(NoteAttendee.note_id)
        .join(ProgressNote, ProgressNote.id == NoteAttendee.note_id)
        .where(NoteAttendee.note_id.in_(attended), ProgressNote.status == "signed",
               ProgressNote.session_date <= until)
        .group_by(NoteAttendee.note_id)
        .having(func.count() > 1)
        .order_by(NoteAttendee.note_id)
    )
    return tuple(session.scalars(stmt))


def _copies(
    session: Session, client: ClientView, provider_id: int, cc: Sequence[Copy], on: date,
    scopes: frozenset[Scope], joint: tuple[int, ...],
) -> tuple[tuple[str, ...], tuple[int, ...]]:
    lines: list[str] = []
    ids: list[int] = []
    for copy in cc:
        if isinstance(copy, CcClient):
            lines.append(copy_line(name_on_channel(client, copy.channel)))
            continue
        if copy.provider_id == provider_id or copy.provider_id in ids:
            raise ValidationError("Each provider receives the letter once.")
        require_copy(session, client.id, copy.provider_id, on, scopes, joint)
        lines.append(recipient_line(provider_view(session, copy.provider_id)))
        ids.append(copy.provider_id)
    if sum(isinstance(c, CcClient) for c in cc) > 1:
        raise ValidationError("The client receives one copy at most.")
    return tuple(lines), tuple(ids)


def require_copy(
    session: Session, client_id: int, provider_id: int, on: date, scopes: frozenset[Scope],
    joint: tuple[int, ...],
) -> DisclosureDecision:
    """Like ``require_disclosure``, for a provider receiving a copy.

    Raises:
        CopyRefused: The client's releases do not allow the copy (the message says so).
    """
    try:
        return require_disclosure(session, client_id, provider_id, on, scopes,
                                  joint_note_ids=joint)
    except DisclosureRefused as refused:
        raise CopyRefused(refused.decision) from None


