"""Full-text search over notes, addenda, clients and providers, with FTS5 inside the store.

What the user types is never handed to MATCH: it is parsed into quoted phrases (one per word
or "quoted phrase"), folded exactly as the index was, with a prefix star on the last word,
so no input can produce an FTS5 syntax error. Text written as search syntax Practice does not
use (an unclosed quotation mark, brackets, AND/OR/NOT/NEAR) is refused with a message
saying how to write the search: read as plain words it would quietly find the wrong notes.
Results are ranked by bm25; when a term is so common that ranking every match would be slow,
the newest matches come first instead.
Psychotherapy notes have their own index and are searched only when asked for.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy import Connection
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import PracticeError, ValidationError
from practice.services.providers import SPECIALTY_LABELS
from practice.text.keys import fold_word, tokens, word_spans

RecordKind = Literal["client", "provider", "note", "addendum"]
SearchKind = Literal["client", "provider", "note", "addendum", "psychotherapy_note"]
RECORD_KINDS: frozenset[RecordKind] = frozenset({"client", "provider", "note", "addendum"})
MAX_QUERY_CHARS = 500
MAX_TERMS = 12
# bm25 weighs each word by counting every row it appears in: past this many rows for any
# one word of the query, ranking costs more than a screen can wait for.
COMMON_MATCHES = 1000
_PART_RE = re.compile(r'"([^"]*)(?:"|$)|([^\s"]+)')
_SNIPPET_CHARS = 160
_SNIPPET_LEAD = 50
MAX_LIMIT = 1000
_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})

UNCLOSED_QUOTE = (
    "The search could not be read: a quotation mark is not closed. Put a phrase between two "
    'quotation marks, like "sensate focus", or leave them out to find the words anywhere.'
)
BRACKETS = (
    "The search could not be read: brackets are not used in a search. Type the words to "
    'find (a record must hold them all), or a phrase in quotation marks, like "sensate focus".'
)
OPERATORS = (
    "The search could not be read: AND, OR, NOT and NEAR are not used in a search. Type "
    "only the words to find (a record must hold them all); to find one of those words "
    "itself, type it in lower case."
)
BAD_LIMIT = f"The number of results to show must be a whole number from 1 to {MAX_LIMIT}."


class SearchQueryUnreadable(PracticeError):
    """What was typed is written as search syntax Practice does not use.

    The message says what could not be read and how to write the search instead.
    """


@dataclass(frozen=True)
class ParsedQuery:
    """Quoted FTS5 phrases (all must match) and the folded words they look for.

    ``prefix`` is the last word when it is still being typed: the last phrase then also
    matches words that begin with it.
    """

    phrases: tuple[str, ...]
    words: frozenset[str]
    prefix: str | None
    last_words: tuple[str, ...]
    # For ASCII text, a regex finds the same words at C speed (folding ASCII is lower-casing).
    ascii_pattern: re.Pattern[str] | None = None

    @property
    def match(self) -> str:
        """The FTS5 MATCH expression."""
        return self.expression(star=self.prefix is not None)

    def expression(self, *, star: bool) -> str:
        """The MATCH expression, with or without the prefix star on the last phrase."""
        return " AND ".join(self.phrases) + ("*" if star else "")

    def prefix_superset(self) -> str:
        """A phrase matching at least what the prefix phrase does, cheap to count.

        The index of three-character prefixes answers it without merging the row lists of
        every word that starts with the prefix.
        """
        return _phrase([*self.last_words[:-1], self.last_words[-1][:3]], True)


@dataclass(frozen=True)
class SearchHit:
    """One result: what it is, which record, a title to show, and a highlighted snippet.

    ``highlights`` are (start, end) offsets into ``snippet``. For an addendum, ``note_id``
    is the note it belongs to; for notes it equals ``record_id``.
    """

    kind: SearchKind
    record_id: int
    title: str
    snippet: str
    highlights: tuple[tuple[int, int], ...]
    note_id: int | None = None
    session_date: date | None = None


@dataclass(frozen=True)
class SearchResults:
    """Results, people first; ``ranked`` is False when records came newest first."""

    hits: tuple[SearchHit, ...]
    ranked: bool


def _phrase(words: list[str], prefix: bool) -> str:
    # Each word holds only letters, digits and private-use characters: no quote can occur.
    return '"' + " ".join(words) + '"' + ("*" if prefix else "")


def parse_query(typed: str) -> ParsedQuery | None:
    """Turn free text into a safe FTS5 MATCH expression.

    Every word becomes a quoted phrase, "quoted phrases" stay phrases, all must match, and
    the last word also matches as a prefix while it is still being typed (two or more
    characters, and no trailing space).

    Args:
        typed: Whatever the user typed.

    Returns:
        The parsed query, or ``None`` when nothing searchable was typed.

    Raises:
        SearchQueryUnreadable: An unclosed quotation mark, brackets, or AND, OR, NOT or
            NEAR written as operators.
    """
    if typed.count('"') % 2:
        raise SearchQueryUnreadable(UNCLOSED_QUOTE)
    cleaned = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cs") else ch
        for ch in typed[:MAX_QUERY_CHARS]
    )
    parts: list[tuple[list[str], bool]] = []
    for match in _PART_RE.finditer(cleaned):
        quoted = match.group(1) is not None
        if not quoted:
            _check_bare_word(match.group(2))
        words = tokens(match.group(1) if quoted else match.group(2))
        if words:
            parts.append((words, quoted))
    if not parts:
        return None
    parts = parts[:MAX_TERMS]
    last_words, last_quoted = parts[-1]
    still_typing = not last_quoted and not cleaned[-1:].isspace() and len(last_words[-1]) >= 2
    wanted = frozenset(w for ws, _ in parts for w in ws)
    prefix = last_words[-1] if still_typing else None
    return ParsedQuery(tuple(_phrase(w, False) for w, _ in parts), wanted, prefix,
                       tuple(last_words), _ascii_pattern(wanted, prefix))


def _check_bare_word(bare: str) -> None:
    # Inside quotation marks these are only characters of a phrase; outside, they are
    # FTS5's syntax, which searches here do not use.
    if "(" in bare or ")" in bare:
        raise SearchQueryUnreadable(BRACKETS)
    if bare in _OPERATORS or bare.startswith("NEAR/"):
        raise SearchQueryUnreadable(OPERATORS)


def _ascii_pattern(words: frozenset[str], prefix: str | None) -> re.Pattern[str] | None:
    if not all(w.isascii() for w in words):
        return None
    options = sorted(re.escape(w) for w in words)
    if prefix is not None:
        options.append(re.escape(prefix) + "[A-Za-z0-9]*")
    return re.compile(f"(?<![A-Za-z0-9])(?:{'|'.join(options)})(?![A-Za-z0-9])", re.IGNORECASE)


def snippet(body: str, query: ParsedQuery) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Cut a short excerpt of ``body`` around the first match, with the matches' offsets.

    Args:
        body: The text as stored.
        query: The parsed query.

    Returns:
        The excerpt (line breaks shown as spaces) and (start, end) offsets of matched words.
    """
    found = _matched_spans(body, query)
    first = found[0][0] if found else 0
    start = 0 if first <= _SNIPPET_LEAD else body.find(" ", first - _SNIPPET_LEAD, first) + 1
    end = min(len(body), start + _SNIPPET_CHARS)
    if end < len(body):
        cut = body.rfind(" ", start, end)
        end = cut if cut > first else end
    lead, tail = ("…" if start > 0 else ""), ("…" if end < len(body) else "")
    excerpt = re.sub(r"\s", " ", body[start:end])
    offset = len(lead) - start
    marks = tuple((a + offset, b + offset) for a, b in found if a >= start and b <= end)
    return lead + excerpt + tail, marks


def _matched_spans(body: str, query: ParsedQuery) -> list[tuple[int, int]]:
    # Stop reading once past the longest window the first match could open.
    found: list[tuple[int, int]] = []
    spans: Iterator[tuple[int, int]]
    if query.ascii_pattern is not None and body.isascii():
        spans = (m.span() for m in query.ascii_pattern.finditer(body))
    else:
        spans = (s for s in word_spans(body) if _matches(fold_word(body[s[0]:s[1]]), query))
    for a, b in spans:
        if found and a > found[0][0] + _SNIPPET_CHARS:
            break
        found.append((a, b))
    return found


def _matches(folded: str, query: ParsedQuery) -> bool:
    for word in folded.split(" "):
        if word in query.words or (query.prefix is not None and word.startswith(query.prefix)):
            return True
    return False


# --- running a query against the indexes --------------------------------------------------
#
# Raw SQL through the connection: a search runs a handful of statements, and SQLAlchemy's
# per-statement overhead would otherwise cost more than FTS5 itself. Table names come from
# this module's constants; the MATCH expression and limits are always bound.

_PROBE = "(SELECT count(*) FROM (SELECT 1 FROM {fts} WHERE {fts} MATCH ? LIMIT ?))"
_RECORD_SQL: dict[SearchKind, tuple[str, str]] = {
    "note": ("note_sections_fts", (
        "SELECT hits.score, s.note_id, s.note_id, s.body, n.unit_id, n.session_date "
        "FROM hits JOIN note_sections s ON s.id = hits.rowid "
        "JOIN progress_notes n ON n.id = s.note_id")),
    "addendum": ("addenda_fts", (
        "SELECT hits.score, a.id, a.note_id, a.body, n.unit_id, n.session_date "
        "FROM hits JOIN addenda a ON a.id = hits.rowid JOIN progress_notes n ON n.id = a.note_id")),
    "psychotherapy_note": ("psychotherapy_notes_fts", (
        "SELECT hits.score, p.id, NULL, p.body, p.unit_id, p.session_date "
        "FROM hits JOIN psychotherapy_notes p ON p.id = hits.rowid")),
}
_PEOPLE_SQL: dict[RecordKind, str] = {
    "client": (
        "SELECT f.rank, c.id, coalesce(c.chosen_name, c.legal_name), coalesce(c.pronouns, ''),"
        " NULL, NULL, NULL FROM (SELECT rowid, rank FROM clients_fts WHERE clients_fts MATCH ?"
        " ORDER BY rank LIMIT ?) f JOIN clients c ON c.id = f.rowid"),
    "provider": (
        "SELECT f.rank, p.id, p.name, p.credentials, p.specialty, p.specialty_detail, o.name "
        "FROM (SELECT rowid, rank FROM providers_fts WHERE providers_fts MATCH ? "
        "ORDER BY rank LIMIT ?) f JOIN providers p ON p.id = f.rowid "
        "LEFT JOIN organisations o ON o.id = p.organisation_id"),
}
_TITLES: dict[SearchKind, str] = {
    "note": "Session note", "addendum": "Addendum to session note",
    "psychotherapy_note": "Psychotherapy note",
}


@dataclass(frozen=True)
class _Row:
    score: float
    record_id: int
    note_id: int | None
    body: str
    unit_id: int
    day: date


def _common(conn: Connection, fts: str, phrases: tuple[str, ...]) -> list[bool]:
    # One statement counts each phrase's rows, stopping just past the threshold.
    probes = ", ".join(_PROBE.format(fts=fts) for _ in phrases)
    params: list[object] = []
    for phrase in phrases:
        params += [phrase, COMMON_MATCHES + 1]
    counts = conn.exec_driver_sql(f"SELECT {probes}", tuple(params)).one()
    return [int(c) > COMMON_MATCHES for c in counts]


def _plan(conn: Connection, fts: str, query: ParsedQuery) -> tuple[str, bool]:
    """Choose the MATCH expression and whether to rank, keeping expensive work bounded.

    A prefix that many words share makes FTS5 merge all their row lists, so: a last word
    already common as a whole word is taken as typed in full (no star); a prefix is probed
    through its three-character head, which the prefix index answers directly.
    """
    common = _common(conn, fts, query.phrases)
    star = query.prefix is not None and not common[-1]
    if star and not any(common):
        common += _common(conn, fts, (query.prefix_superset(),))
    return query.expression(star=star), not any(common)


def _records(
    conn: Connection, kind: SearchKind, query: ParsedQuery, limit: int
) -> tuple[list[_Row], bool]:
    fts, select_sql = _RECORD_SQL[kind]
    match, ranked = _plan(conn, fts, query)
    # bm25 needs every match's count to weigh a term: only pay for it when ranking.
    order = "rank AS score FROM {t} WHERE {t} MATCH ? ORDER BY rank" if ranked else (
        "0.0 AS score FROM {t} WHERE {t} MATCH ? ORDER BY rowid DESC")
    hits = f"SELECT rowid, {order.format(t=fts)} LIMIT ?"
    # Several sections of one note may match: fetch more rows, then keep each note's best.
    fetch = limit * 3 if kind == "note" else limit
    rows = conn.exec_driver_sql(f"WITH hits AS ({hits}) {select_sql}", (match, fetch))
    best: dict[int, _Row] = {}
    for score, record_id, note_id, body, unit_id, day in rows:
        row = _Row(float(score), int(record_id), note_id, str(body), int(unit_id),
                   day if isinstance(day, date) else date.fromisoformat(str(day)))
        if row.record_id not in best or row.score < best[row.record_id].score:
            best[row.record_id] = row
    return _best_first(list(best.values()), ranked)[:limit], ranked


def _best_first(rows: list[_Row], ranked: bool) -> list[_Row]:
    if ranked:
        return sorted(rows, key=lambda r: (r.score, r.record_id))
    return sorted(rows, key=lambda r: (r.day, r.record_id), reverse=True)


def _unit_names(conn: Connection, unit_ids: set[int]) -> dict[int, str]:
    if not unit_ids:
        return {}
    ids = sorted(unit_ids)
    marks = ", ".join("?" * len(ids))  # one bound parameter per id
    rows = conn.exec_driver_sql(
        "SELECT u.id, u.label, coalesce(c.chosen_name, c.legal_name) FROM care_units u "  # noqa: S608
        "LEFT JOIN unit_members m ON m.unit_id = u.id AND m.left_on IS NULL "
        "LEFT JOIN clients c ON c.id = m.client_id "
        f"WHERE u.id IN ({marks}) ORDER BY u.id, m.id", tuple(ids))
    labels: dict[int, str | None] = {}
    members: dict[int, list[str]] = {}
    for unit_id, label, name in rows:
        labels[unit_id] = label
        if name is not None:
            members.setdefault(unit_id, []).append(name)
    return {u: labels.get(u) or " & ".join(members.get(u, [])) for u in ids}


def _record_hit(kind: SearchKind, row: _Row, names: dict[int, str], query: ParsedQuery
                ) -> SearchHit:
    excerpt, marks = snippet(row.body, query)
    title = f"{_TITLES[kind]}, {row.day.isoformat()} · {names.get(row.unit_id, '')}"
    note_id = row.record_id if kind == "note" else row.note_id
    return SearchHit(kind, row.record_id, title, excerpt, marks, note_id, row.day)


def _people(conn: Connection, kind: RecordKind, match: str, limit: int
            ) -> list[tuple[float, SearchHit]]:
    found = []
    for score, record_id, name, extra, specialty, detail, org in conn.exec_driver_sql(
        _PEOPLE_SQL[kind], (match, limit)
    ):
        if kind == "client":
            # The title is the chosen name, and the legal name never shows: it may be one
            # the client no longer uses.
            hit = SearchHit("client", record_id, name, extra, ())
        else:
            title = ", ".join(p for p in (name, extra) if p)
            line = " · ".join(p for p in (detail or SPECIALTY_LABELS[specialty], org) if p)
            hit = SearchHit("provider", record_id, title, line, ())
        found.append((float(score), hit))
    return found


def search(
    sessions: sessionmaker[Session], typed: str, *,
    kinds: frozenset[RecordKind] = RECORD_KINDS, include_psychotherapy: bool = False,
    limit: int = 30,
) -> SearchResults:
    """Search the record for free text.

    Args:
        sessions: The store's sessionmaker.
        typed: What the user typed (any text; it is parsed, never passed through).
        kinds: Which kinds of record to search.
        include_psychotherapy: Also search psychotherapy notes (never by default).
        limit: Most hits per kind.

    Returns:
        People (clients, providers) first by rank, then notes, addenda and (if asked)
        psychotherapy notes, by rank or, for very common terms, newest first.

    Raises:
        SearchQueryUnreadable: The text is written as search syntax that is not used here.
        ValidationError: ``limit`` is not a whole number from 1 to ``MAX_LIMIT``.
    """
    if type(limit) is not int or not 1 <= limit <= MAX_LIMIT:
        raise ValidationError(BAD_LIMIT)
    query = parse_query(typed)
    if query is None:
        return SearchResults((), True)
    record_kinds: list[SearchKind] = [k for k in ("note", "addendum") if k in kinds]
    record_kinds += ["psychotherapy_note"] if include_psychotherapy else []
    people: list[tuple[float, SearchHit]] = []
    found: list[tuple[SearchKind, _Row]] = []
    ranked = True
    with sessions.begin() as s:
        conn = s.connection()
        for person_kind in ("client", "provider"):
            if person_kind in kinds:
                people += _people(conn, person_kind, query.match, limit)
        for kind in record_kinds:
            rows, kind_ranked = _records(conn, kind, query, limit)
            found += [(kind, r) for r in rows]
            ranked = ranked and kind_ranked
        names = _unit_names(conn, {r.unit_id for _, r in found})
    people.sort(key=lambda h: (h[0], h[1].kind, h[1].record_id))
    order = {id(r): i for i, r in enumerate(_best_first([r for _, r in found], ranked))}
    found.sort(key=lambda kr: order[id(kr[1])])
    records = [_record_hit(kind, row, names, query) for kind, row in found]
    return SearchResults(tuple(h for _, h in people) + tuple(records), ranked)
