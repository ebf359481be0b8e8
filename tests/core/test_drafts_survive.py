"""A draft is saved as it is typed: nothing saved is lost if the app dies mid-sentence."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from practice.services import notes
from practice.text.keys import index_text
from tests.core import factories as f

ROOT = Path(__file__).resolve().parents[2]

KILLED_WHILE_TYPING = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from sqlalchemy import text
    from tests.core.conftest import make_engine, make_sessions
    from practice.services import notes

    db, note_id = Path(sys.argv[1]), int(sys.argv[2])
    sessions = make_sessions(make_engine(db))
    notes.save_draft(sessions, note_id, {"body": "Explored the couple's fears about"})
    notes.save_draft(sessions, note_id, {"body": "Explored the couple's fears about intimacy"})
    session = sessions()
    session.begin()
    session.execute(text("UPDATE note_sections SET body = 'half a sentence that never' "
                         "WHERE note_id = :n"), {"n": note_id})
    os.kill(os.getpid(), signal.SIGKILL)  # the app dies with a write in flight
""")


def test_a_draft_survives_the_app_being_killed_mid_sentence(
    sessions: sessionmaker[Session], db_path: Path,
) -> None:
    ana = f.client(sessions, "Ana")
    note = f.draft(sessions, f.unit(sessions, "individual", ana), text="")
    result = subprocess.run(
        [sys.executable, "-c", KILLED_WHILE_TYPING, str(db_path), str(note.id)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == -9, result.stderr[-2000:]
    saved = notes.get_note(sessions, note.id)
    assert saved.section("body") == "Explored the couple's fears about intimacy"


def test_an_abandoned_session_leaves_the_last_saved_text(
    sessions: sessionmaker[Session],
) -> None:
    ana = f.client(sessions, "Ana")
    note = f.draft(sessions, f.unit(sessions, "individual", ana), text="Saved words")
    abandoned = sessions()
    abandoned.begin()
    abandoned.execute(text("UPDATE note_sections SET body = 'unsaved', search_text = :t "
                           "WHERE note_id = :n"), {"t": index_text("unsaved"), "n": note.id})
    abandoned.close()  # never committed: rolled back
    assert notes.get_note(sessions, note.id).section("body") == "Saved words"
