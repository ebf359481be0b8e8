"""Worker-side reads and writes for the Letters screen: what to choose from, previews, issuing.

Everything here runs on the worker and returns frozen values; no Qt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.letters.templates import LetterTemplate
    from practice.services.clients import ClientSummary
    from practice.services.letters import IssuedLetter, LetterDraft, LetterSummary
    from practice.services.providers import ProviderView
    from practice.services.releases import RefusalCode, Scope


@dataclass(frozen=True)
class LetterChoices:
    """What a letter can be written about, to whom and from which template."""

    clients: tuple[ClientSummary, ...]
    providers: tuple[ProviderView, ...]
    templates: tuple[LetterTemplate, ...]
    #: Whether the practice's name and the therapist's name are saved (letters need both).
    writer_ready: bool = True


@dataclass(frozen=True)
class LetterRequest:
    """Everything the therapist chose and typed for one letter (plain data for the worker)."""

    client_id: int
    provider_id: int
    template_key: str
    on: date
    use_legal_name: bool
    extra_fields: Mapping[str, str] = field(default_factory=dict)
    include_joint: bool = False


@dataclass(frozen=True)
class ReleaseCover:
    """What the client's releases to a provider allow on the letter's date.

    Attributes:
        scopes: The broadest release in force's scopes (empty when none is in force).
        code: ``"allowed"`` when one is in force, else why not (``"none_on_file"``,
            ``"revoked"``, ``"expired"`` or ``"not_yet_signed"``).
    """

    scopes: frozenset[Scope]
    code: RefusalCode

    @property
    def in_force(self) -> bool:
        """Whether a release is in force for the letter at all."""
        return bool(self.scopes)


@dataclass(frozen=True)
class Preview:
    """A composed draft and its rendering, not yet issued."""

    draft: LetterDraft
    pdf: bytes


def read_choices(sessions: sessionmaker[Session]) -> LetterChoices:
    """Read every client and provider, and load the letter templates.

    Args:
        sessions: The store's sessionmaker.

    Returns:
        The choices, templates in title order.
    """
    from practice.letters.templates import load_templates
    from practice.services.clients import list_clients
    from practice.services.providers import list_providers
    from practice.services.settings import load_profile

    templates = sorted(load_templates().values(), key=lambda t: t.title.casefold())
    profile = load_profile(sessions)
    # As the core's letterhead and signature block read them (letters_profile, letters_draft).
    ready = bool((profile.practice_name or profile.therapist_name).strip()
                 and profile.therapist_name.strip())
    return LetterChoices(list_clients(sessions), list_providers(sessions), tuple(templates),
                         ready)


def release_cover(sessions: sessionmaker[Session], client_id: int, provider_id: int,
                  on: date) -> ReleaseCover:
    """Read what a letter about the client to the provider may draw on, and if nothing, why.

    The core decides, as it does when the letter is issued: a release to the provider's
    organisation counts, and the most recently signed release explains a refusal.

    Args:
        sessions: The store's sessionmaker.
        client_id: Whom the letter is about.
        provider_id: The recipient.
        on: The letter's date.
    """
    from practice.services.letters.batch import release_scopes_in_force
    from practice.services.releases import SCOPES, check_disclosure

    scopes = release_scopes_in_force(sessions, client_id, provider_id, on)
    if scopes:
        return ReleaseCover(scopes, "allowed")
    with sessions() as session:
        decision = check_disclosure(session, client_id, provider_id, on, SCOPES)
    return ReleaseCover(scopes, decision.code)


def _compose(sessions: sessionmaker[Session], request: LetterRequest) -> LetterDraft:
    from practice.services.letters import compose_letter

    return compose_letter(
        sessions, client_id=request.client_id, provider_id=request.provider_id,
        template_key=request.template_key, on=request.on,
        use_legal_name=request.use_legal_name, extra_fields=request.extra_fields,
        include_joint=request.include_joint,
    )


def preview_letter(sessions: sessionmaker[Session], request: LetterRequest) -> Preview:
    """Compose the letter and render it in memory (nothing is stored or logged).

    Raises:
        PracticeError: The core refuses: no release in force (``DisclosureRefused``), a
            field missing, the practice's details not filled in, and so on.
    """
    from practice.letters.render import render_letter

    draft = _compose(sessions, request)
    return Preview(draft, render_letter(draft.content))


def issue(sessions: sessionmaker[Session], request: LetterRequest) -> IssuedLetter:
    """Compose the letter afresh from the request and issue it (the core checks the release).

    Raises:
        PracticeError: The core refuses (``DisclosureRefused`` names the reason).
    """
    from practice.services.letters import issue_letter

    return issue_letter(sessions, _compose(sessions, request))


def issued_letters(sessions: sessionmaker[Session], client_id: int
                   ) -> tuple[LetterSummary, ...]:
    """A client's issued letters, newest first."""
    from practice.services.letters import list_letters

    return list_letters(sessions, client_id)
