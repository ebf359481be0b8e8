"""Batch letters: one letter about a client to each provider on the care team, one text for all.

``plan_batch`` composes every letter without writing anything and says, for each provider,
either that its letter is ready or why it is refused (no release on file, expired, revoked,
outside its scope, a field still missing). ``issue_batch`` then issues them one at a time,
each letter with its disclosures in its own transaction (``issue_letter``, as for a single
letter), reporting progress and stopping between letters when asked: what was issued stays
issued and is listed, and nothing is half-written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from practice.errors import PracticeError, StoreError
from practice.letters.errors import LetterError, MissingField
from practice.letters.templates import LetterTemplate, load_templates
from practice.services.letters.compose import LetterDraft
from practice.services.letters.fields import PROSE_FIELDS
from practice.services.letters.issue import LetterSummary, compose_letter, export_pdf, issue_letter
from practice.services.letters.profile import recipient_line
from practice.services.providers import ProviderView, care_team, get_provider
from practice.services.releases import DisclosureRefused, Scope, list_releases

log = logging.getLogger(__name__)

#: The template for a specialty that has none of its own.
GENERAL_TEMPLATE = "general"
NOT_ON_TEAM = "This provider is not on the client's care team on the letter's date."

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class BatchRequest:
    """One letter's text for every provider on a client's care team (plain data only).

    Attributes:
        client_id: Whom the letters are about.
        on: The letters' date (the care team and the releases are read on it).
        use_legal_name: Put the legal name in the reference lines.
        extra_fields: The therapist's prose, one text for all; each letter prints only the
            sections its own release allows.
        template_key: One template for all; None gives each provider its specialty's.
        scopes: Narrow every letter to these scopes; None: what each release allows.
        provider_ids: Only these providers of the care team; None: all of it.
    """

    client_id: int
    on: date
    use_legal_name: bool
    extra_fields: Mapping[str, str] = field(default_factory=dict)
    template_key: str | None = None
    scopes: frozenset[Scope] | None = None
    provider_ids: tuple[int, ...] | None = None


@dataclass(frozen=True)
class BatchTarget:
    """A provider the batch writes to: who, in which roles, with which template."""

    provider_id: int
    recipient: str
    roles: tuple[str, ...]
    template_key: str


@dataclass(frozen=True)
class Refusal:
    """A provider who gets no letter, and why, in words fit to show the therapist.

    Attributes:
        target: The provider.
        reason: Why (names no one).
        code: The release decision's code ("expired", "revoked", "none_on_file",
            "out_of_scope", ...), or "missing_field", "not_on_team" or "not_ready".
        missing_fields: For "missing_field", the fields still to write.
    """

    target: BatchTarget
    reason: str
    code: str
    missing_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class BatchPlan:
    """What a batch would do: who gets a letter, who does not and why, and the prose asked.

    Attributes:
        request: The request planned.
        ready: Providers whose letter is ready to issue.
        refused: Providers who would get none.
        prose_needed: The prose fields the letters would print (across all providers whose
            release allows a letter), for the therapist to write once.
    """

    request: BatchRequest
    ready: tuple[BatchTarget, ...]
    refused: tuple[Refusal, ...]
    prose_needed: frozenset[str]


@dataclass(frozen=True)
class BatchExport:
    """Where issued letters are saved as PDFs (a folder the therapist chose)."""

    folder: Path
    password: str | None = None


@dataclass(frozen=True)
class BatchIssued:
    """A letter the batch issued, and the file it was saved to (if any)."""

    target: BatchTarget
    letter: LetterSummary
    saved_to: Path | None


@dataclass(frozen=True)
class BatchResult:
    """What a batch did.

    Attributes:
        issued: Letters issued (each logged as a disclosure), in order.
        refused: Providers refused when their turn came.
        not_reached: Providers never reached because the batch stopped first.
        problem: Why it stopped early, when not because the therapist asked.
    """

    issued: tuple[BatchIssued, ...]
    refused: tuple[Refusal, ...]
    not_reached: tuple[BatchTarget, ...]
    problem: str | None = None

    @property
    def cancelled(self) -> bool:
        """Tell whether the therapist stopped the batch before its end."""
        return bool(self.not_reached) and self.problem is None


def template_for(specialty_label: str, templates: Iterable[LetterTemplate]) -> str:
    """The key of the template written for a specialty, else the general one.

    Args:
        specialty_label: ``ProviderView.specialty_label``.
        templates: The templates to choose from.

    Returns:
        A template key.
    """
    return next((t.key for t in templates if t.specialty == specialty_label), GENERAL_TEMPLATE)


def letter_file_name(letter_id: int) -> str:
    """The file name an exported letter gets: its id only, never a client's name."""
    return f"letter-{letter_id}.pdf"


# --- planning ------------------------------------------------------------------------------


def plan_batch(
    sessions: sessionmaker[Session], request: BatchRequest, *,
    templates: Mapping[str, LetterTemplate] | None = None,
) -> BatchPlan:
    """Compose every letter of the batch without writing anything, and say who gets one.

    Args:
        sessions: The store's sessionmaker.
        request: The client, date, text and template choice.
        templates: Loaded templates (default: the bundled ones).

    Returns:
        The plan: ready letters, refusals with their reasons, and the prose asked for.

    Raises:
        NotFound: No such client.
    """
    loaded = load_templates() if templates is None else templates
    targets, refused = _targets(sessions, request, loaded)
    ready: list[BatchTarget] = []
    needed: set[str] = set()
    for target in targets:
        needed |= _prose_for(sessions, request, target, loaded)
        try:
            _compose(sessions, request, target, loaded)
        except StoreError:
            raise
        except PracticeError as error:
            refused.append(_refusal(target, error))
        else:
            ready.append(target)
    return BatchPlan(request, tuple(ready), tuple(refused), frozenset(needed))


def _targets(
    sessions: sessionmaker[Session], request: BatchRequest,
    templates: Mapping[str, LetterTemplate],
) -> tuple[list[BatchTarget], list[Refusal]]:
    """The care team on the letters' date, one target per provider; the others refused."""
    roles: dict[int, list[str]] = {}
    for link in care_team(sessions, request.client_id, on=request.on):
        roles.setdefault(link.provider_id, []).append(link.role)
    wanted = list(roles) if request.provider_ids is None else list(request.provider_ids)
    targets: list[BatchTarget] = []
    refused: list[Refusal] = []
    for provider_id in dict.fromkeys(wanted):
        view = get_provider(sessions, provider_id)
        key = request.template_key or template_for(view.specialty_label, templates.values())
        target = BatchTarget(provider_id, _line(view), tuple(roles.get(provider_id, ())), key)
        if provider_id in roles:
            targets.append(target)
        else:
            refused.append(Refusal(target, NOT_ON_TEAM, "not_on_team"))
    return targets, refused


def _line(view: ProviderView) -> str:
    return f"{recipient_line(view)} — {view.specialty_label}"


def _compose(
    sessions: sessionmaker[Session], request: BatchRequest, target: BatchTarget,
    templates: Mapping[str, LetterTemplate],
) -> LetterDraft:
    return compose_letter(
        sessions, client_id=request.client_id, provider_id=target.provider_id,
        template_key=target.template_key, on=request.on,
        use_legal_name=request.use_legal_name, extra_fields=request.extra_fields,
        scopes=request.scopes, templates=templates,
    )


def _refusal(target: BatchTarget, error: PracticeError) -> Refusal:
    if isinstance(error, DisclosureRefused):
        return Refusal(target, error.message, error.decision.code)
    if isinstance(error, MissingField):
        return Refusal(target, error.message, "missing_field", error.fields)
    return Refusal(target, error.message, "not_ready")


def release_scopes_in_force(
    sessions: sessionmaker[Session], client_id: int, provider_id: int, on: date
) -> frozenset[Scope]:
    """The widest scopes a release in force on ``on`` gives a provider (none: empty).

    A release to the provider's organisation counts, as it does for the disclosure decision.

    Args:
        sessions: The store's sessionmaker.
        client_id: Whom the letter is about.
        provider_id: The recipient.
        on: The letter's date.

    Returns:
        The scopes of the broadest release in force.
    """
    org = get_provider(sessions, provider_id).details.organisation_id
    in_force = [
        r.details.scopes for r in list_releases(sessions, client_id)
        if (r.details.provider_id == provider_id
            or (org is not None and r.details.organisation_id == org))
        and r.state_on(on) == "active"
    ]
    return max(in_force, key=len, default=frozenset())


def _prose_for(
    sessions: sessionmaker[Session], request: BatchRequest, target: BatchTarget,
    templates: Mapping[str, LetterTemplate],
) -> frozenset[str]:
    """The prose this provider's letter prints, under its release (none without one)."""
    template = templates.get(target.template_key)
    scopes = release_scopes_in_force(sessions, request.client_id, target.provider_id,
                                     request.on)
    if template is None or not scopes:
        return frozenset()
    asked = scopes if request.scopes is None else request.scopes & scopes
    return template.fields_needed(frozenset(asked)) & PROSE_FIELDS


# --- issuing -------------------------------------------------------------------------------


def issue_batch(
    sessions: sessionmaker[Session], request: BatchRequest, *,
    export: BatchExport | None = None, progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    templates: Mapping[str, LetterTemplate] | None = None,
) -> BatchResult:
    """Issue the batch's letters one at a time, each with its disclosures in one transaction.

    Every letter is composed again from the request and its release checked again as it is
    issued, so a release revoked since the plan refuses that letter only. Between letters the
    batch asks ``cancelled``: when it says stop, the letters issued stay issued and the rest
    are listed as not reached.

    Args:
        sessions: The store's sessionmaker.
        request: As planned; ``provider_ids`` usually the plan's ready providers.
        export: Save each issued letter there as ``letter-<id>.pdf`` (owner-only).
        progress: Called with (letters done, letters in the batch).
        cancelled: Polled before each letter; True stops the batch.
        templates: Loaded templates (default: the bundled ones).

    Returns:
        What was issued, refused and not reached.

    Raises:
        LetterError: The export folder does not exist (checked before any letter is issued).
        NotFound: No such client.
    """
    if export is not None and not export.folder.is_dir():
        raise LetterError("The folder chosen for the PDFs does not exist.")
    loaded = load_templates() if templates is None else templates
    targets, refused = _targets(sessions, request, loaded)
    issued: list[BatchIssued] = []
    for done, target in enumerate(targets):
        if cancelled is not None and cancelled():
            return _finish(request, issued, refused, targets[done:])
        _report(progress, done, len(targets))
        outcome = _issue_one(sessions, request, target, loaded, export)
        if isinstance(outcome, Refusal):
            refused.append(outcome)
            continue
        issued.append(outcome[0])
        if outcome[1] is not None:
            return _finish(request, issued, refused, targets[done + 1:], outcome[1])
    _report(progress, len(targets), len(targets))
    return _finish(request, issued, refused, [])


def _issue_one(
    sessions: sessionmaker[Session], request: BatchRequest, target: BatchTarget,
    templates: Mapping[str, LetterTemplate], export: BatchExport | None,
) -> Refusal | tuple[BatchIssued, str | None]:
    """Issue one letter (all of it or none); then save it, saying why if it cannot be."""
    try:
        letter = issue_letter(sessions, _compose(sessions, request, target, templates))
    except StoreError:
        raise
    except PracticeError as error:
        return _refusal(target, error)
    if export is None:
        return BatchIssued(target, letter.summary, None), None
    path = export.folder / letter_file_name(letter.id)
    try:
        export_pdf(letter.pdf, path, export.password)
    except LetterError as error:
        return BatchIssued(target, letter.summary, None), (
            f"Letter {letter.id} was issued but not saved: {error.message} The batch stopped "
            "there; the letters issued can be exported from the Letters list.")
    return BatchIssued(target, letter.summary, path), None


def _report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


def _finish(
    request: BatchRequest, issued: list[BatchIssued], refused: list[Refusal],
    not_reached: list[BatchTarget], problem: str | None = None,
) -> BatchResult:
    # Ids and counts only: the log never carries a name.
    log.info("batch letters for client %d: %d issued (%s), %d refused, %d not reached",
             request.client_id, len(issued), ",".join(str(i.letter.id) for i in issued),
             len(refused), len(not_reached))
    return BatchResult(tuple(issued), tuple(refused), tuple(not_reached), problem)
