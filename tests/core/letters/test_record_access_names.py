"""Whatever the names, a partner's legal name never reaches a client's copy of her record."""

from __future__ import annotations

import base64
import json
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from practice.services import notes, units
from practice.services.record_access import export_record
from practice.services.units import Agreement, relationships
from tests.core import factories as f
from tests.core.test_letters_builders import pdf_text

TODAY = date(2025, 4, 1)
# Letters the letter font draws, accents included; a prefix keeps words apart from the
# report's own vocabulary, so a match can only be the name itself.
_WORD = st.text(alphabet="abcdeghijkmnoprstuvwyzéñöåł", min_size=3, max_size=8)


def _world(sessions: sessionmaker[Session], legal: str, chosen: str) -> tuple[int, int]:
    client = f.client(sessions, "Robin Example", "Robin")
    partner = f.client(sessions, legal, chosen)
    couple = f.unit(sessions, "couple", client, partner)
    units.set_agreement(sessions, couple, Agreement("no_secrets"))
    relationships.add_relationship(sessions, couple, client, partner, "partner")
    joint = f.draft(sessions, couple, text=f"{chosen} and Robin practised listening.")
    notes.sign_note(sessions, joint.id, signed_by="Dr. Okafor")
    alone = f.draft(sessions, couple, text="Spoke of work.", attendees=[partner],
                    day=date(2025, 3, 12))
    notes.sign_note(sessions, alone.id, signed_by="Dr. Okafor")
    return client, partner


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=_WORD, last=_WORD, known=_WORD)
def test_no_other_members_legal_name_reaches_the_export_except_as_this_client_knows_them(
    sessions: sessionmaker[Session], tmp_path: Path, first: str, last: str, known: str,
) -> None:
    legal_words = (f"Zq{first}", f"Qz{last}")
    chosen = f"Xv{known}"
    assume(all(w.casefold() not in chosen.casefold() for w in legal_words))
    client, _ = _world(sessions, " ".join(legal_words), chosen)
    pdf, fhir = tmp_path / "copy.pdf", tmp_path / "copy.json"
    export_record(sessions, client, today=TODAY, pdf_path=pdf, json_path=fhir)
    bundle = fhir.read_text(encoding="utf-8")
    documents = " ".join(
        base64.b64decode(c["attachment"]["data"]).decode("utf-8", "replace")
        for e in json.loads(bundle)["entry"] for c in e["resource"].get("content", ())
        if c["attachment"]["contentType"].startswith("text/plain"))
    everything = " ".join((pdf_text(pdf.read_bytes()), bundle, documents)).casefold()
    assert chosen.casefold() in everything
    for word in legal_words:
        assert word.casefold() not in everything
