"""Everything a chart shows, read on the worker in one go as plain frozen values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.clients import ClientView
    from practice.services.letters import LetterSummary
    from practice.services.letters.disclosures import DisclosureRecord
    from practice.services.notes import NoteSummary
    from practice.services.providers import CareTeamLink
    from practice.services.psychotherapy.process_notes import PsychotherapyNoteView
    from practice.services.releases import ReleaseView
    from practice.services.units import UnitView


@dataclass(frozen=True)
class ChartData:
    """A client's chart as read on one day.

    ``psychotherapy_notes`` are kept apart from ``notes``: they never join the record's
    timeline. ``recipients`` names, by id, each provider a release or letter is addressed to;
    ``organisations`` names each organisation a release is addressed to.
    """

    client: ClientView
    units: tuple[UnitView, ...]
    notes: tuple[NoteSummary, ...]
    psychotherapy_notes: tuple[PsychotherapyNoteView, ...]
    care_team: tuple[CareTeamLink, ...]
    releases: tuple[ReleaseView, ...]
    recipients: dict[int, str]
    letters: tuple[LetterSummary, ...]
    disclosures: tuple[DisclosureRecord, ...]
    today: date
    organisations: dict[int, str] = field(default_factory=dict)


def load_chart(sessions: sessionmaker[Session], client_id: int, today: date) -> ChartData:
    """Read a client's chart through the services (the opening is audited by them).

    Args:
        sessions: The store's sessionmaker.
        client_id: The client.
        today: The day release states are judged on.

    Returns:
        The chart.

    Raises:
        NotFound: No such client.
    """
    from practice.services import clients, letters, notes, providers, psychotherapy, releases, units
    from practice.services.letters import disclosures

    client = clients.get_client(sessions, client_id)
    client_units = units.units_of_client(sessions, client_id)
    private: list[PsychotherapyNoteView] = []
    for unit in client_units:
        private += psychotherapy.list_psychotherapy_notes(sessions, unit.id)
    private.sort(key=lambda p: (p.session_date, p.id), reverse=True)
    found = releases.list_releases(sessions, client_id)
    sent = letters.list_letters(sessions, client_id)
    provider_ids = {r.details.provider_id for r in found if r.details.provider_id is not None}
    provider_ids |= {letter.provider_id for letter in sent}
    names = {pid: providers.get_provider(sessions, pid).details.name for pid in provider_ids}
    org_ids = {r.details.organisation_id for r in found}
    org_names = {org.id: org.details.name for org in providers.list_organisations(sessions)
                 if org.id in org_ids} if org_ids - {None} else {}
    return ChartData(
        client=client, units=client_units,
        notes=notes.list_notes(sessions, client_id=client_id),
        psychotherapy_notes=tuple(private),
        care_team=providers.care_team(sessions, client_id),
        releases=found, recipients=names, letters=sent,
        disclosures=disclosures.list_disclosures(sessions, client_id), today=today,
        organisations=org_names,
    )
