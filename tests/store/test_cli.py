"""The headless command line: one clear line on failure, secrets only from env, files or prompts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from practice.store.backup import list_backups
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE

ROOT = Path(__file__).resolve().parent.parent.parent


def practice(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PRACTICE_")}
    return subprocess.run([sys.executable, "-m", "practice", *args], cwd=ROOT,
                          env={**clean, **(env or {})}, capture_output=True, text=True,
                          timeout=120, check=False, stdin=subprocess.DEVNULL)


def test_init_prints_the_recovery_key_once_and_it_opens_the_store(tmp_path: Path) -> None:
    result = practice("init", "--store", str(tmp_path / "s"),
                      env={"PRACTICE_PASSPHRASE": "a good long passphrase"})
    assert result.returncode == 0, result.stderr
    code_lines = [ln.strip() for ln in result.stdout.splitlines() if ln.count("-") == 7]
    assert len(code_lines) == 1
    opened = practice("verify", "--store", str(tmp_path / "s"),
                      env={"PRACTICE_RECOVERY_KEY": code_lines[0]})
    assert opened.returncode == 0, opened.stderr
    assert "intact" in opened.stdout


def test_init_refuses_a_short_passphrase(tmp_path: Path) -> None:
    result = practice("init", "--store", str(tmp_path / "s"), env={"PRACTICE_PASSPHRASE": "short"})
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "s").exists()


def test_a_wrong_passphrase_exits_non_zero_with_one_clear_line(store_path: Path) -> None:
    result = practice("verify", "--store", str(store_path), env={"PRACTICE_PASSPHRASE": "nope"})
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "practice: That passphrase does not open this store. Check Caps Lock and try again."
    ]


def test_without_a_secret_or_a_terminal_the_command_says_how_to_give_one(store_path: Path) -> None:
    result = practice("verify", "--store", str(store_path))
    assert result.returncode == 1
    assert "PRACTICE_PASSPHRASE" in result.stderr


def test_the_passphrase_can_come_from_a_file(store_path: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text(TEST_PASSPHRASE + "\n", encoding="utf-8")
    result = practice("verify", "--store", str(store_path), "--passphrase-file", str(secret))
    assert result.returncode == 0, result.stderr


def test_backup_then_restore_round_trips_through_the_command_line(store_path: Path,
                                                                  tmp_path: Path) -> None:
    env = {"PRACTICE_PASSPHRASE": TEST_PASSPHRASE}
    made = practice("backup", str(tmp_path / "b"), "--store", str(store_path), env=env)
    assert made.returncode == 0, made.stderr
    (published,) = list_backups(tmp_path / "b")
    restored = practice("restore", str(published), "--store", str(tmp_path / "new"), env=env)
    assert restored.returncode == 0, restored.stderr
    Store.open(tmp_path / "new", Passphrase(TEST_PASSPHRASE)).close()


def test_change_passphrase_takes_the_new_one_from_the_environment(store_path: Path) -> None:
    result = practice("change-passphrase", "--store", str(store_path),
                      env={"PRACTICE_PASSPHRASE": TEST_PASSPHRASE,
                           "PRACTICE_NEW_PASSPHRASE": "the replacement passphrase"})
    assert result.returncode == 0, result.stderr
    Store.open(store_path, Passphrase("the replacement passphrase")).close()


def test_a_missing_store_is_named_plainly(tmp_path: Path) -> None:
    result = practice("verify", "--store", str(tmp_path / "none"),
                      env={"PRACTICE_PASSPHRASE": TEST_PASSPHRASE})
    assert result.returncode == 1
    assert "no Practice store" in result.stderr


def test_version_is_printed() -> None:
    result = practice("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("practice ")
