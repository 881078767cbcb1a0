# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tokens shared by the tasks of a run: one sign-in per credential instead of one per task.

Modules run as separate processes (one per task and host, several at once with
forks), so a token obtained by one task can only reach the next through a file. The
cache lives on the machine the module runs on: the controller for tasks with
``connection: local`` or ``delegate_to: localhost`` (how kaas.cloud is used), a
managed host otherwise.

What is stored, one JSON file per credential: the token and its absolute expiry,
nothing else (the collection uses no Keystone catalog: its endpoints come from the
options). Never a password or client secret.

The file name is a SHA-256 of the identity service URL, the identity (user, tenant or
project, domain, region, client id) and a fingerprint of the secret, so that a
changed password does not reuse a token obtained with the old one. The fingerprint is
PBKDF2-HMAC-SHA256 of the secret with a random salt kept in the cache directory: a
plain hash of a password in a file name would let anyone holding a copy of the
directory (a backup) test guesses at hash speed and compare accounts across machines;
the salt and the iterations make that per-directory and slow. The fingerprint never
leaves the directory's file names.

Trust: the directory must be a real directory (a symlink is refused: the cache is
then off for the run) owned by the user with mode 0700; it is created so. An entry
is used only if it is a regular file (opened without following symlinks) owned by
the user, mode 0600, valid JSON of the expected shape, and not within the expiry
margin; anything else is ignored and replaced by the next sign-in. Writes go to a
temporary file renamed over the entry, so a reader sees the old or the new token,
never half of one. A lock file per entry makes concurrent tasks (forks) that all
miss the cache sign in once: the first signs in and writes, the others wait on the
lock and then read its token.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
import time
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

try:
    import fcntl

    HAS_FCNTL = True
except ImportError:  # pragma: no cover - Windows has no fcntl; Ansible controllers are POSIX
    HAS_FCNTL = False

ENV_ENABLED = "KAAS_TOKEN_CACHE"
ENV_DIRECTORY = "KAAS_TOKEN_CACHE_DIR"
SALT_FILE = "salt"
SALT_BYTES = 32
# Cost of the secret's fingerprint: a few tens of milliseconds per task, once per process.
PBKDF2_ITERATIONS = 100_000
FORMAT_VERSION = 1
# An entry is a token and a number: anything larger was not written by this code.
MAX_ENTRY_BYTES = 64 * 1024
FALSE_WORDS = frozenset({"0", "false", "no", "off", "n", "f"})


@dataclass(frozen=True)
class CachedToken:
    """A token read from the cache, with its absolute expiry (epoch seconds)."""

    token: str
    expires_at: float


def default_directory(environ: Mapping[str, str] | None = None) -> str:
    """``$XDG_CACHE_HOME/kaas.cloud/tokens``, else ``~/.cache/kaas.cloud/tokens``."""
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "kaas.cloud", "tokens")


def enabled_by_default(environ: Mapping[str, str] | None = None) -> bool:
    """False when ``KAAS_TOKEN_CACHE`` says no (``0``, ``false``, ``no``, ``off``)."""
    environ = os.environ if environ is None else environ
    return environ.get(ENV_ENABLED, "").strip().lower() not in FALSE_WORDS


class TokenCache:
    """A directory of cached tokens; every method fails soft (``None``) rather than trust a doubtful file."""

    def __init__(self, directory: str) -> None:
        self.directory = os.path.abspath(os.path.expanduser(directory))
        #: Why the cache was refused, for a warning; ``None`` while it is usable.
        self.refused: str | None = None
        self._salt: bytes | None = None

    @classmethod
    def open(cls, enabled: bool | None = None, directory: str | None = None) -> TokenCache | None:
        """The cache the options and ``KAAS_TOKEN_CACHE``/``KAAS_TOKEN_CACHE_DIR`` ask for, or ``None`` when off."""
        if enabled is None:
            enabled = enabled_by_default()
        if not enabled or not HAS_FCNTL:
            return None
        return cls(directory or os.environ.get(ENV_DIRECTORY) or default_directory())

    # -- the directory ----------------------------------------------------------------

    def _ready(self) -> bool:
        """Create the directory (0700) if needed; False (and ``refused`` set) when it cannot be trusted."""
        if self.refused is not None:
            return False
        try:
            parent = os.path.dirname(self.directory)
            os.makedirs(parent, mode=0o700, exist_ok=True)
            with contextlib.suppress(FileExistsError):
                os.mkdir(self.directory, 0o700)
            info = os.lstat(self.directory)
        except OSError as error:
            return self._refuse(f"cannot create {self.directory}: {error.strerror}")
        if stat.S_ISLNK(info.st_mode):
            return self._refuse(f"{self.directory} is a symbolic link")
        if not stat.S_ISDIR(info.st_mode):
            return self._refuse(f"{self.directory} is not a directory")
        if info.st_uid != os.getuid():
            return self._refuse(f"{self.directory} belongs to another user")
        if stat.S_IMODE(info.st_mode) & 0o077:
            # Ours but open to others (made by hand): close it before a token goes in.
            try:
                os.chmod(self.directory, 0o700)
            except OSError as error:
                return self._refuse(f"cannot make {self.directory} private: {error.strerror}")
        return True

    def _refuse(self, reason: str) -> bool:
        self.refused = f"token cache not used: {reason}; every task signs in"
        return False

    def _path(self, name: str) -> str:
        return os.path.join(self.directory, name)

    def _read_private(self, name: str, limit: int) -> bytes | None:
        """The bytes of a regular file of ours, mode 0600, not a symlink, at most ``limit`` bytes."""
        try:
            fd = os.open(self._path(name), os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if (
                not stat.S_ISREG(info.st_mode)
                or info.st_uid != os.getuid()
                or stat.S_IMODE(info.st_mode) & 0o077
                or info.st_size > limit
            ):
                return None
            with os.fdopen(os.dup(fd), "rb") as handle:
                return handle.read(limit + 1)
        except OSError:
            return None
        finally:
            os.close(fd)

    def _write_private(self, name: str, content: bytes, *, replace: bool = True) -> bool:
        """Write ``content`` to a 0600 temporary file, then rename (or link, when not replacing) it in place."""
        fd, temporary = tempfile.mkstemp(dir=self.directory, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            if replace:
                os.replace(temporary, self._path(name))
                return True
            try:
                os.link(temporary, self._path(name))
            except FileExistsError:
                return False
            return True
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)

    def _salt_bytes(self) -> bytes | None:
        if self._salt is None and self._ready():
            salt = self._read_private(SALT_FILE, SALT_BYTES)
            try:
                if salt is None or len(salt) != SALT_BYTES:
                    # A link never replaces the salt a concurrent task just made; then we read theirs.
                    self._write_private(SALT_FILE, os.urandom(SALT_BYTES), replace=False)
                    salt = self._read_private(SALT_FILE, SALT_BYTES)
                if salt is None or len(salt) != SALT_BYTES:
                    # Still not one of ours (foreign, public, truncated): replace it.
                    self._write_private(SALT_FILE, os.urandom(SALT_BYTES))
                    salt = self._read_private(SALT_FILE, SALT_BYTES)
            except OSError as error:
                self._refuse(f"cannot write in {self.directory}: {error.strerror}")
                return None
            if salt is None or len(salt) != SALT_BYTES:
                self._refuse(f"cannot keep a salt of its own in {self.directory}")
                return None
            self._salt = salt
        return self._salt

    # -- entries ------------------------------------------------------------------------

    def key(self, identity: Mapping[str, Any], secret: str) -> str | None:
        """The entry name of ``identity`` (no secret in it) and ``secret``; ``None`` when the cache is unusable."""
        salt = self._salt_bytes()
        if salt is None:
            return None
        fingerprint = hashlib.pbkdf2_hmac("sha256", secret.encode(), salt, PBKDF2_ITERATIONS).hex()
        material = json.dumps({"identity": dict(identity), "secret": fingerprint}, sort_keys=True, default=str)
        return hashlib.sha256(material.encode()).hexdigest()

    def load(self, key: str) -> CachedToken | None:
        """The token stored under ``key`` if the file is trustworthy and well formed, else ``None``."""
        raw = self._read_private(f"{key}.json", MAX_ENTRY_BYTES)
        if raw is None:
            return None
        try:
            entry = json.loads(raw.decode())
        except (UnicodeDecodeError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("version") != FORMAT_VERSION:
            return None
        token, expires_at = entry.get("token"), entry.get("expires_at")
        if not isinstance(token, str) or not token or not isinstance(expires_at, (int, float)):
            return None
        if isinstance(expires_at, bool):
            return None
        return CachedToken(token, float(expires_at))

    def store(self, key: str, token: str, expires_at: float) -> None:
        """Save a token (best effort: a cache that cannot be written only costs sign-ins)."""
        content = json.dumps({"version": FORMAT_VERSION, "token": token, "expires_at": expires_at}).encode()
        with contextlib.suppress(OSError):
            self._write_private(f"{key}.json", content)

    @contextlib.contextmanager
    def locked(self, key: str) -> Iterator[None]:
        """Hold the entry's lock (waiting for it): one sign-in among the tasks that missed together."""
        try:
            fd = os.open(
                self._path(f"{key}.lock"), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o600
            )
        except OSError:
            # No lock (a symlink planted in its place, a full disk): sign in unsynchronised.
            yield
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)


def still_fresh(entry: CachedToken | None, margin: float, now: float | None = None) -> bool:
    """True when ``entry`` has more than ``margin`` seconds left."""
    return entry is not None and (time.time() if now is None else now) < entry.expires_at - margin
