"""The chart's read-only sections as small HTML documents (every stored value escaped)."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from practice.services.clients import ClientView
    from practice.services.letters import LetterSummary
    from practice.services.letters.disclosures import DisclosureRecord
    from practice.services.notes import NoteSummary, NoteView
    from practice.services.providers import CareTeamLink
    from practice.services.releases import ReleaseView
    from practice.services.units import UnitView
    from ui.screens.chart.data import ChartData

FORMAT_NAMES = {"soap": "SOAP", "dap": "DAP", "birp": "BIRP", "free": "Free text"}
STATE_WORDS = {"active": "Active", "expired": "Expired", "revoked": "Revoked",
               "not_yet_signed": "Not yet in force"}
_NAME_STYLES = {"chosen": "chosen name", "legal": "legal name", "initials": "initials only",
                "none": "no name", "custom": "a custom name"}


def _rows(pairs: Iterable[tuple[str, str | None]]) -> str:
    cells = "".join(f"<tr><th align='left'>{escape(k)}</th><td>{escape(v)}</td></tr>"
                    for k, v in pairs if v)
    return f"<table cellspacing='4'>{cells}</table>"


def _list(items: Iterable[str], empty: str) -> str:
    shown = [f"<li>{item}</li>" for item in items]
    return f"<ul>{''.join(shown)}</ul>" if shown else f"<p>{escape(empty)}</p>"


def identity_html(client: ClientView) -> str:
    """Who the client is and how to reach them safely."""
    d = client.details
    born = d.date_of_birth.isoformat() if d.date_of_birth else None
    emergency = ", ".join(p for p in (d.emergency_name, d.emergency_relationship,
                                      d.emergency_phone) if p)
    facts = _rows([
        ("Chosen name", d.chosen_name), ("Legal name", d.legal_name),
        ("Pronouns", d.pronouns), ("Gender identity", d.gender_identity),
        ("Date of birth", born), ("State", d.state), ("Time zone", d.time_zone),
        ("Phone", d.phone), ("Email", d.email), ("Address", d.address),
        ("Emergency contact", emergency),
        ("Status", f"{client.status.capitalize()} since {client.status_since.isoformat()}"),
    ])
    safety = _list((
        f"{escape(c.channel.capitalize())}: "
        + (f"safe, showing {_NAME_STYLES.get(c.name_style, c.name_style)}" if c.safe
           else "<b>not safe</b> — do not use")
        for c in client.channels), "")
    return f"{facts}<h3>Contact safety</h3>{safety}"


def units_html(units: tuple[UnitView, ...]) -> str:
    """The units the client is or was treated in, with their members over time."""
    def one(unit: UnitView) -> str:
        span = f"opened {unit.opened_on.isoformat()}" + (
            f", closed {unit.closed_on.isoformat()}" if unit.closed_on else "")
        members = ", ".join(
            escape(m.display_name) + ("" if m.left_on is None
                                      else f" (left {m.left_on.isoformat()})")
            for m in unit.members)
        return (f"<b>{escape(unit.display_name)}</b> — {escape(unit.kind.capitalize())}, "
                f"{span}<br>Members: {members}")
    return _list((one(u) for u in units), "Not in any unit yet.")


def care_team_html(team: tuple[CareTeamLink, ...]) -> str:
    """The providers on the client's care team."""
    def one(link: CareTeamLink) -> str:
        span = "".join((f" since {link.since.isoformat()}" if link.since else "",
                        f" until {link.until.isoformat()}" if link.until else ""))
        return f"<b>{escape(link.provider_name)}</b> — {escape(link.role)}{escape(span)}"
    return _list((one(t) for t in team), "No providers on the care team.")


def releases_html(data: ChartData) -> str:
    """The client's releases of information with their state today."""
    def one(release: ReleaseView) -> str:
        d = release.details
        state = STATE_WORDS[release.state_on(data.today)]
        recipient = data.recipients.get(d.provider_id or -1, "an organisation")
        scopes = ", ".join(sorted(s.replace("_", " ") for s in d.scopes))
        return (f"<b>{escape(state)}</b> — to {escape(recipient)}: {escape(d.purpose)}<br>"
                f"Scope: {escape(scopes)}; signed {d.signed_on.isoformat()}, expires "
                f"{d.expires_on.isoformat()}"
                + (f", revoked {release.revoked_on.isoformat()}" if release.revoked_on else ""))
    return _list((one(r) for r in data.releases), "No releases on file.")


def note_line(note: NoteSummary) -> str:
    """One line of the notes timeline."""
    status = "Signed" if note.status == "signed" else "Draft"
    return f"{note.session_date.isoformat()} · {FORMAT_NAMES[note.format]} · {status}"


def note_html(note: NoteView) -> str:
    """A progress note as the record shows it: the original, then its addenda in order."""
    attendees = ", ".join(a.display_name for a in note.attendees)
    head = (f"<h3>Progress note, {note.header.session_date.isoformat()}</h3>"
            f"<p>{escape(FORMAT_NAMES[note.header.format])} · Attended: {escape(attendees)}</p>")
    body = "".join(f"<h4>{escape(s.label)}</h4><p>{_prose(s.body)}</p>"
                   for s in note.sections if s.body.strip())
    sig = note.signature
    signed = (f"<p><i>Signed by {escape(sig.signed_by)} on "
              f"{sig.signed_at.isoformat(sep=' ', timespec='minutes')}</i></p>"
              if sig else "<p><i>Draft — not signed yet.</i></p>")
    addenda = "".join(
        f"<h4>Addendum, {a.created_at.date().isoformat()}</h4><p>{_prose(a.body)}</p>"
        + (f"<p><i>Signed by {escape(a.signature.signed_by)} on "
           f"{a.signature.signed_at.isoformat(sep=' ', timespec='minutes')}</i></p>"
           if a.signature else "<p><i>Draft addendum — not signed yet.</i></p>")
        for a in note.addenda)
    return head + body + signed + addenda


def _prose(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def letters_html(data: ChartData) -> str:
    """Letters sent about the client, newest first, and every disclosure logged, oldest first."""
    def letter(sent: LetterSummary) -> str:
        to = data.recipients.get(sent.provider_id, "a provider")
        corrected = " <i>(corrected by a later letter)</i>" if sent.superseded_by else ""
        return (f"{sent.letter_date.isoformat()} — to {escape(to)}: "
                f"{escape(sent.purpose)}{corrected}")

    def disclosure(made: DisclosureRecord) -> str:
        scopes = ", ".join(sorted(s.replace("_", " ") for s in made.scopes))
        if made.copy_to_client:
            scopes = "copy of the record given to the client" + (f": {scopes}" if scopes else "")
        return (f"{made.disclosed_on.isoformat()} — {escape(made.recipient.description)}: "
                f"{escape(scopes)} ({escape(made.purpose)})")

    return ("<h3>Letters</h3>" + _list((letter(x) for x in data.letters), "No letters sent.")
            + "<h3>Disclosures</h3>"
            + _list((disclosure(x) for x in data.disclosures), "No disclosures logged."))
