"""The token cache shared by the tasks of a run: what it stores, what it trusts, how forks share it."""

from __future__ import annotations

import json
import multiprocessing
import os
import stat
import time
from pathlib import Path

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils import token_cache
from ansible_collections.kaas.cloud.plugins.module_utils.auth import EXPIRY_MARGIN, IssuedToken
from ansible_collections.kaas.cloud.plugins.module_utils.token_cache import TokenCache

PASSWORD = "Pl4nted-cache-Passw0rd-1e2f"


class Counted(IssuedToken):
    """Signs in by appending a line to ``log`` (shared by processes) and answering a new token."""

    def __init__(
        self, log: Path, password: str = PASSWORD, lifetime: float = 3600.0, user: str = "alice", pause: float = 0.0
    ) -> None:
        super().__init__()
        self.log = log
        self.pause = pause
        self.password = password
        self.lifetime = lifetime
        self.user = user

    def issue(self, transport):
        with self.log.open("a") as handle:
            handle.write(f"{os.getpid()}\n")
        # The contention test makes it long enough for every process to miss the cache together.
        time.sleep(self.pause)
        return f"tok-{os.getpid()}-{time.monotonic_ns()}", time.time() + self.lifetime

    def credential_secrets(self):
        return [self.password]

    def identity(self):
        return {"method": "test", "url": "https://id.example", "user": self.user}


def sign_ins(log: Path) -> int:
    return len(log.read_text().splitlines()) if log.exists() else 0


def cached(directory: Path, log: Path, **kwargs) -> Counted:
    auth = Counted(log, **kwargs)
    auth.use_cache(TokenCache(str(directory)), provider="nks", region="kr1")
    return auth


def entries(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.json"))


def test_a_second_task_reuses_the_token_and_the_file_holds_no_secret(tmp_path):
    directory, log = tmp_path / "tokens", tmp_path / "log"
    first = cached(directory, log)
    token = first.token(None)
    second = cached(directory, log)
    assert second.token(None) == token
    assert sign_ins(log) == 1
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    for path in directory.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        content = path.read_bytes()
        assert PASSWORD.encode() not in content and b"alice" not in content
        assert PASSWORD not in path.name and "alice" not in path.name
    (entry,) = entries(directory)
    assert set(json.loads(entry.read_text())) == {"version", "token", "expires_at"}


def test_every_part_of_the_identity_and_the_secret_gets_its_own_token(tmp_path):
    directory, log = tmp_path / "tokens", tmp_path / "log"
    cached(directory, log).token(None)
    cached(directory, log, password="changed").token(None)
    cached(directory, log, user="bob").token(None)
    other_region = Counted(log)
    other_region.use_cache(TokenCache(str(directory)), provider="nks", region="kr2")
    other_region.token(None)
    assert sign_ins(log) == 4
    assert len(entries(directory)) == 4


def test_a_token_within_the_margin_of_its_expiry_is_renewed(tmp_path):
    directory, log = tmp_path / "tokens", tmp_path / "log"
    cached(directory, log, lifetime=EXPIRY_MARGIN - 1).token(None)
    assert sign_ins(log) == 1
    renewed = cached(directory, log).token(None)
    assert sign_ins(log) == 2
    assert cached(directory, log).token(None) == renewed and sign_ins(log) == 2


def test_a_refused_token_is_not_taken_from_the_cache_again(tmp_path):
    directory, log = tmp_path / "tokens", tmp_path / "log"
    auth = cached(directory, log)
    refused = auth.token(None)
    assert auth.invalidate() is True
    fresh = auth.token(None)
    assert fresh != refused and sign_ins(log) == 2
    # The next task finds the new token, not the refused one.
    assert cached(directory, log).token(None) == fresh and sign_ins(log) == 2
    assert refused in auth.secrets() and fresh in auth.secrets()


def test_a_corrupted_entry_is_ignored_and_replaced(tmp_path):
    directory, log = tmp_path / "tokens", tmp_path / "log"
    cached(directory, log).token(None)
    (entry,) = entries(directory)
    for garbage in (b"{not json", b"\xff\xfe", b"[]", b'{"version": 1, "token": 5, "expires_at": 1e12}', b""):
        entry.write_bytes(garbage)
        cached(directory, log).token(None)
    assert sign_ins(log) == 6
    assert json.loads(entry.read_text())["token"].startswith("tok-")


@pytest.mark.skipif(os.getuid() != 0, reason="giving a file to another user needs root")
def test_an_entry_of_another_user_or_open_to_others_is_not_trusted(tmp_path):
    directory, log = tmp_path / "tokens", tmp_path / "log"
    cached(directory, log).token(None)
    (entry,) = entries(directory)
    planted = {"version": 1, "token": "planted-by-someone-else", "expires_at": time.time() + 3600}
    entry.write_text(json.dumps(planted))
    os.chown(entry, 4242, 4242)
    assert cached(directory, log).token(None) != "planted-by-someone-else"
    entry.write_text(json.dumps(planted))
    os.chmod(entry, 0o644)
    assert cached(directory, log).token(None) != "planted-by-someone-else"
    assert sign_ins(log) == 3


def test_a_symlinked_entry_is_not_followed(tmp_path):
    directory, log = tmp_path / "tokens", tmp_path / "log"
    cached(directory, log).token(None)
    (entry,) = entries(directory)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text(json.dumps({"version": 1, "token": "via-link", "expires_at": time.time() + 3600}))
    elsewhere.chmod(0o600)
    entry.unlink()
    entry.symlink_to(elsewhere)
    assert cached(directory, log).token(None) != "via-link"
    assert sign_ins(log) == 2


def test_a_symlinked_directory_is_refused_and_every_task_signs_in(tmp_path):
    real, link, log = tmp_path / "real", tmp_path / "tokens", tmp_path / "log"
    real.mkdir(mode=0o700)
    link.symlink_to(real)
    for _attempt in range(2):
        auth = cached(link, log)
        auth.token(None)
        assert "symbolic link" in (auth.cache_refused or "")
    assert sign_ins(log) == 2
    assert list(real.iterdir()) == []


def test_a_directory_open_to_others_is_made_private_before_use(tmp_path):
    directory, log = tmp_path / "tokens", tmp_path / "log"
    directory.mkdir(mode=0o755)
    directory.chmod(0o755)
    cached(directory, log).token(None)
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700


def test_the_switch_and_the_variable_turn_the_cache_off(tmp_path, monkeypatch):
    assert TokenCache.open(False, str(tmp_path)) is None
    monkeypatch.setenv("KAAS_TOKEN_CACHE", "0")
    assert TokenCache.open(None, str(tmp_path)) is None
    assert TokenCache.open(True, str(tmp_path)) is not None  # an explicit option wins over the variable
    monkeypatch.setenv("KAAS_TOKEN_CACHE", "true")
    assert TokenCache.open(None, str(tmp_path)).directory == str(tmp_path)


def test_the_default_directory_follows_xdg_and_the_variable(tmp_path, monkeypatch):
    monkeypatch.delenv("KAAS_TOKEN_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert TokenCache.open().directory == str(tmp_path / "xdg" / "kaas.cloud" / "tokens")
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert token_cache.default_directory().endswith(os.path.join(".cache", "kaas.cloud", "tokens"))
    monkeypatch.setenv("KAAS_TOKEN_CACHE_DIR", str(tmp_path / "mine"))
    assert TokenCache.open().directory == str(tmp_path / "mine")


def test_the_ecns_session_partition_gets_a_token_of_its_own(tmp_path):
    directory, log = tmp_path / "tokens", tmp_path / "log"
    auth = cached(directory, log)
    auth.partition("eks/east/ns1")
    ns1 = auth.token(None)
    auth.partition("eks/east/ns2")
    ns2 = auth.token(None)
    assert ns1 != ns2 and sign_ins(log) == 2
    other = cached(directory, log)
    other.partition("eks/east/ns1")
    assert other.token(None) == ns1 and sign_ins(log) == 2


def _contend(directory: str, log: str, start: float, queue) -> None:
    auth = Counted(Path(log), pause=1.5)
    auth.use_cache(TokenCache(directory), provider="nks", region=None)
    auth._cache_key()  # the slow fingerprint before the start line: then they all ask at once
    time.sleep(max(0.0, start - time.time()))
    queue.put(auth.token(None))


def test_tasks_that_miss_the_cache_together_sign_in_once(tmp_path):
    directory, log = tmp_path / "tokens", tmp_path / "log"
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    start = time.time() + 2.0
    workers = [context.Process(target=_contend, args=(str(directory), str(log), start, queue)) for _worker in range(8)]
    for worker in workers:
        worker.start()
    tokens = {queue.get(timeout=30) for _worker in workers}
    for worker in workers:
        worker.join(timeout=30)
    assert sign_ins(log) == 1
    assert len(tokens) == 1
