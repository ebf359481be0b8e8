"""Practice installed as Python applications are installed: from a wheel, away from the source.

``python -m build`` makes the sdist and, from it, the wheel (so both must carry
``resources/``); the wheel goes into a fresh virtual environment outside the checkout, and
the installed ``practice`` creates the demo practice, issues a letter and exports the
calendar from a folder where the source tree cannot be imported by accident.

The fresh environment gets its dependencies without the network: a ``.pth`` file points
it at a folder of links to this test environment's installed packages, minus Practice's
own (editable) install, and pip resolves the wheel's requirements against them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "wheel install test passphrase"
# The names of Practice's own install in the test environment, kept out of the new one.
OWN = ("practice", "ui", "__editable__", "_distutils_hack", "distutils-precedence")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel, install it into a fresh venv, and return that venv's folder."""
    work = tmp_path_factory.mktemp("wheel")
    built = _run([sys.executable, "-m", "build", "--outdir", str(work / "dist"), str(ROOT)],
                 cwd=work, env=_clean_env(), timeout=300)
    assert "Successfully built" in built.stdout, built.stdout[-3000:]
    (wheel,) = (work / "dist").glob("practice-*.whl")

    target = work / "venv"
    venv.EnvBuilder(with_pip=False).create(target)
    python = _bin(target, "python")
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                   cwd=work, env=_clean_env()).stdout.strip()
    deps = work / "deps"
    deps.mkdir()
    for entry in Path(sysconfig.get_path("purelib")).iterdir():
        if not entry.name.startswith(OWN):
            (deps / entry.name).symlink_to(entry)
    (Path(purelib) / "test-dependencies.pth").write_text(f"{deps}\n", encoding="utf-8")
    # --no-index: every requirement must be met by what is installed, or this fails.
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-index",
          "--no-input", str(wheel)], cwd=work, env=_clean_env(), timeout=120)
    return target


def _bin(environment: Path, name: str) -> Path:
    folder = "Scripts" if sys.platform == "win32" else "bin"
    return environment / folder / (f"{name}.exe" if sys.platform == "win32" else name)


def _clean_env(**extra: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items()
            if not k.startswith(("PRACTICE_", "PYTHON", "PIP_REQUIRE", "VIRTUAL_ENV"))}
    return {**keep, **extra}


def _run(command: list[str], cwd: Path, env: dict[str, str], timeout: float = 120
         ) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout, check=False, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, f"{command[:4]}\n{result.stdout[-2000:]}{result.stderr[-3000:]}"
    return result


def test_the_source_checkout_reads_the_top_level_resources_folder() -> None:
    from practice.paths import resources_dir

    assert resources_dir() == ROOT / "resources"


def test_the_installed_wheel_makes_the_demo_issues_a_letter_and_exports_the_calendar(
        installed: Path, tmp_path: Path) -> None:
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = _clean_env(PRACTICE_PASSPHRASE=PASSPHRASE, HOME=str(tmp_path / "home"),
                     XDG_DATA_HOME=str(tmp_path / "data"),
                     XDG_CONFIG_HOME=str(tmp_path / "config"), QT_QPA_PLATFORM="offscreen")
    probe = _run([str(_bin(installed, "python")), "-c",
                  "import practice, ui; from practice.paths import resources_dir; "
                  "print(practice.__file__); print(ui.__file__); print(resources_dir()); "
                  "print(resources_dir() / 'icons' / 'lucide' / 'users-round.svg')"],
                 cwd=work, env=env).stdout.splitlines()
    assert all(Path(line).is_relative_to(installed) for line in probe), probe
    assert Path(probe[2]).name == "_resources"
    # The sidebar's icons and their licence travel with the fonts and templates.
    assert Path(probe[3]).is_file()
    assert (Path(probe[3]).parent / "LICENSE").is_file()
    assert not Path(probe[0]).is_relative_to(ROOT)

    practice = str(_bin(installed, "practice"))
    store = work / "store"
    made = _run([practice, "demo", "--store", str(store)], cwd=work, env=env, timeout=180)
    assert "Demo practice created" in made.stdout

    fields = work / "fields.txt"
    fields.write_text("treatment_summary: Weekly sessions since the spring.\n"
                      "recommendations: Continue the current plan.\n", encoding="utf-8")
    letter = work / "letter.pdf"
    # Zoë's gynecologist has a release in force in the demo practice.
    issued = _run([practice, "letter", "--store", str(store), "--client", "Zoë",
                   "--provider", "Natarajan", "--template", "gynecology",
                   "--fields-file", str(fields), "--out", str(letter)], cwd=work, env=env)
    assert "issued" in issued.stdout
    assert letter.read_bytes().startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(letter).pages)
    assert "Continue the current plan." in text  # set in the bundled font, from the template

    calendar = work / "calendar.ics"
    _run([practice, "export-ics", "--store", str(store), "--from", "2000-01-01",
          "--to", "2100-12-31", "--out", str(calendar)], cwd=work, env=env)
    assert calendar.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    assert "BEGIN:VEVENT" in calendar.read_text(encoding="utf-8")
