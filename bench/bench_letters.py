"""Benchmark letter rendering against bare ReportLab laying out the same text.

Run from the repository root:  python bench/bench_letters.py

Targets (issue): a warm letter under 20 ms, the first in a fresh process under 150 ms,
100 letters under 1.5 s. Absolute times depend on the machine, so every figure is
printed beside a baseline measured in the same run: ReportLab's SimpleDocTemplate
setting the same paragraphs in the same TrueType font, with no letterhead, glyph
checks, page template or "Page X of Y" pass.

The last rows show the whole path through an encrypted store (the demo practice):
composing from the record under a release, and issuing (render, release re-check, the
letter row with its PDF, the disclosure log and audit entries, one commit), each beside
rendering the same letter alone, so the cost of the store around the rendering shows.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WARM_RUNS = 30
BATCH = 100

# Both cold snippets print {"import": s, "first": s} measured inside the fresh process.
_COLD_OURS = """
import json, time
t0 = time.perf_counter()
from practice.letters.render import render_letter
from practice.letters.specimen import specimen_letter
t1 = time.perf_counter()
render_letter(specimen_letter())
t2 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "first": t2 - t1}))
"""

_COLD_BASELINE = """
import json, sys, time
sys.path.insert(0, {bench_dir!r})
t0 = time.perf_counter()
import bench_letters
t1 = time.perf_counter()
bench_letters.baseline_render({paragraphs!r})
t2 = time.perf_counter()
print(json.dumps({{"import": t1 - t0, "first": t2 - t1}}))
"""


def baseline_paragraphs() -> list[str]:
    """Return the specimen letter's text, to be set by bare ReportLab."""
    from practice.letters.specimen import specimen_letter

    letter = specimen_letter()
    return [letter.purpose, *letter.paragraphs, letter.confidentiality_notice]


def baseline_render(paragraphs: list[str]) -> bytes:
    """Set paragraphs with SimpleDocTemplate in DejaVu Sans: the floor we build on."""
    import io

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    if "BenchSans" not in pdfmetrics.getRegisteredFontNames():
        fonts = ROOT / "resources" / "fonts"
        pdfmetrics.registerFont(TTFont("BenchSans", str(fonts / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("BenchSans-Bold", str(fonts / "DejaVuSans-Bold.ttf")))
    style = ParagraphStyle("b", fontName="BenchSans", fontSize=10, leading=14, spaceAfter=8)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, invariant=1)
    head = ParagraphStyle("h", style, fontName="BenchSans-Bold")
    doc.build([Paragraph("Letterhead", head), *(Paragraph(p, style) for p in paragraphs)])
    return out.getvalue()


def _per_call(func: object, runs: int) -> float:
    assert callable(func)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _cold(code: str) -> dict[str, float]:
    """Median of three fresh interpreters, so one slow start does not decide."""
    runs = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
        )
        runs.append(json.loads(out.stdout))
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def _row(label: str, ours: float, base: float, target: float | None = None) -> None:
    goal = f"  (target {target * 1000:.0f} ms)" if target else ""
    print(
        f"{label:<34} ours {ours * 1000:8.1f} ms   baseline {base * 1000:8.1f} ms   "
        f"ratio {ours / base:5.2f}{goal}"
    )


def main() -> None:
    """Print warm, cold and batch timings with ratios to the baseline."""
    from practice.letters import load_templates, warm_up
    from practice.letters.render import render_letter
    from practice.letters.specimen import specimen_letter

    warm_up()
    letter = specimen_letter()
    paragraphs = baseline_paragraphs()
    render_letter(letter)
    baseline_render(paragraphs)

    ours_warm = _per_call(lambda: render_letter(letter), WARM_RUNS)
    base_warm = _per_call(lambda: baseline_render(paragraphs), WARM_RUNS)
    _row("warm letter (median)", ours_warm, base_warm, 0.020)

    template = load_templates()["cardiology"]
    start = time.perf_counter()
    for _ in range(BATCH):
        render_letter(specimen_letter(template))
    ours_batch = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(BATCH):
        baseline_render(paragraphs)
    base_batch = time.perf_counter() - start
    _row(f"{BATCH} letters (incl. template fill)", ours_batch, base_batch, 1.5)

    ours_cold = _cold(_COLD_OURS)
    # The text is passed in, so the baseline's process never imports practice.letters.
    base_cold = _cold(
        _COLD_BASELINE.format(bench_dir=str(Path(__file__).parent), paragraphs=paragraphs)
    )
    _row("cold: import", ours_cold["import"], base_cold["import"])
    _row("cold: first letter after import", ours_cold["first"], base_cold["first"], 0.150)
    _row(
        "cold: import + first letter",
        ours_cold["import"] + ours_cold["first"],
        base_cold["import"] + base_cold["first"],
    )


def _demo_store(folder: Path) -> object:
    """An encrypted store holding the demo practice, with a practice profile."""
    from practice.demo import build_demo
    from practice.services import settings
    from practice.store.kdf import FAST_INSECURE_PARAMS
    from practice.store.store import Store

    store, _ = Store.create(folder / "store", "bench passphrase", kdf=FAST_INSECURE_PARAMS)
    build_demo(store.sessions)
    settings.save_profile(store.sessions, settings.PracticeProfile(
        practice_name="Bench Practice", therapist_name="Dr. Bench", credentials="PhD",
        licences=(settings.Licence("LA", "1"),), certifications=("AASECT CST",),
        address_lines=("1 Main St",), phone="(504) 555-0100"))
    return store


def _first_letter(sessions: object, prose: dict[str, str]) -> object:
    """A composer for the first demo client whose release and sessions make a letter."""
    from practice.errors import PracticeError
    from practice.services import clients, letters, releases

    for client in clients.list_clients(sessions):  # type: ignore[arg-type]
        for release in releases.list_releases(sessions, client.id):  # type: ignore[arg-type]
            if release.details.provider_id is None:
                continue

            def compose(client_id: int = client.id,
                        provider_id: int = release.details.provider_id) -> object:
                return letters.compose_letter(
                    sessions, client_id=client_id, provider_id=provider_id,  # type: ignore[arg-type]
                    template_key="general", on=date.today(), use_legal_name=False,
                    extra_fields=prose)
            try:
                compose()
            except PracticeError:
                continue
            return compose
    raise RuntimeError("no demo client can be written to")


STORE_RUNS = 10


def store_path_rows() -> None:
    """Compose and issue through the store, beside rendering the same letter alone."""
    import tempfile

    from practice.letters.render import render_letter
    from practice.services import letters

    prose = {"treatment_summary": "Sensate focus.", "recommendations": "Pelvic floor PT.",
             "progress_summary": "Less pain.", "diagnosis_summary": "F52.6 Dyspareunia.",
             "risk_summary": "None."}
    with tempfile.TemporaryDirectory() as folder:
        store = _demo_store(Path(folder))
        sessions = store.sessions  # type: ignore[attr-defined]
        compose = _first_letter(sessions, prose)
        draft = compose()  # type: ignore[operator]
        letters.issue_letter(sessions, draft)
        rendered = _per_call(lambda: render_letter(draft.content), STORE_RUNS)
        _row("store: compose from the record", _per_call(compose, STORE_RUNS), rendered)
        _row("store: issue (render+store+log)",
             _per_call(lambda: letters.issue_letter(sessions, draft), STORE_RUNS), rendered)
        store.close()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
    store_path_rows()
