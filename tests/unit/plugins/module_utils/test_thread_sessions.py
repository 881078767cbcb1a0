"""``ThreadSessions``: one transport shared by worker threads, one requests session per thread.

The inventory's workers share each provider entry's transport; what they must get is
what the modules get (sign-in, retries, errors, redaction) without sharing a
``requests.Session`` between threads.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils import transport as transport_module
from ansible_collections.kaas.cloud.plugins.module_utils.auth import StaticToken
from ansible_collections.kaas.cloud.plugins.module_utils.errors import ApiError
from ansible_collections.kaas.cloud.plugins.module_utils.transport import RetryPolicy, ThreadSessions, Transport

from .fakes import FakeResponse

WORKERS = 4


def on_threads(function, count=WORKERS * 3, workers=WORKERS):
    """``function()`` run ``count`` times on ``workers`` threads; what each run returned, with its thread."""
    barrier = threading.Barrier(workers, timeout=10)

    def run(number):
        if number < workers:
            barrier.wait()  # the first runs overlap: every worker is used
        return threading.get_ident(), function()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, range(count)))


def test_each_thread_has_its_own_session_and_keeps_it():
    sessions = ThreadSessions()
    seen = on_threads(sessions.current)
    by_thread: dict[int, set[int]] = {}
    for thread, session in seen:
        by_thread.setdefault(thread, set()).add(id(session))
    assert len(by_thread) == WORKERS
    assert all(len(ids) == 1 for ids in by_thread.values())  # kept from one task to the next
    assert len({id(session) for _thread, session in seen}) == WORKERS  # never shared between threads
    sessions.close()


def test_close_closes_every_threads_session_and_a_later_request_opens_a_new_one():
    sessions = ThreadSessions()
    made = [session for _thread, session in on_threads(sessions.current)]
    closed = []
    for session in set(made):
        session.close = lambda session=session: closed.append(session)
    sessions.close()
    assert set(closed) == set(made)
    assert sessions.current() not in made


def test_the_transports_tls_choice_reaches_every_threads_session():
    for options, expected in (({"validate_certs": False}, False), ({"ca_path": "/etc/ca.pem"}, "/etc/ca.pem")):
        sessions = ThreadSessions()
        Transport(base_url="https://api.example", provider="deployme", session=sessions, **options)
        assert {session.verify for _thread, session in on_threads(sessions.current)} == {expected}
        sessions.close()


@pytest.fixture
def deployme(cloud):
    """A transport to the emulator's deployme, its sessions per thread, retries without pauses."""
    sessions = ThreadSessions()
    transport = Transport(
        base_url=f"{cloud.url}/deployme",
        provider="deployme",
        auth=StaticToken("demo"),
        session=sessions,
        sleep=lambda _seconds: None,
        retry=RetryPolicy(attempts=3),
    )
    yield transport
    sessions.close()


def test_threads_sharing_a_transport_get_its_retries(cloud, deployme):
    cloud.clear_log()
    cloud.faults({"provider": "deployme", "method": "GET", "status": 503, "retry_after": 0, "times": 3})
    answers = on_threads(lambda: deployme.request("GET", "/v1/clusters"))
    assert all(isinstance(body, dict) and "items" in body for _thread, body in answers)
    # Twelve reads and three 503s, each sent again: every attempt is in the history. Which thread
    # meets a 503 is a race (one may meet two, its retry taking the next fault), so the
    # attempts are counted, not summed.
    assert deployme.request_count == len(answers) + 3 == len(cloud.requests("deployme"))
    assert sum(1 for record in deployme.history if record.status == 503) == 3
    assert sum(1 for record in deployme.history if record.attempt > 0) == 3


class EchoingSession:
    """A provider that refuses the token and quotes it back, as some error pages do."""

    verify = True

    def request(self, method, url, **options):
        token = options["headers"]["Authorization"]
        return FakeResponse(403, {"message": f"{token} is not valid here"})

    def close(self):
        pass


def test_threads_sharing_a_transport_get_its_errors_with_secrets_redacted(monkeypatch):
    monkeypatch.setattr(transport_module, "new_session", EchoingSession)
    sessions = ThreadSessions()
    shared = Transport(
        base_url="https://api.example", provider="deployme", auth=StaticToken("s3cr3t"), session=sessions
    )

    def refused():
        with pytest.raises(ApiError) as caught:
            shared.request("GET", "/v1/clusters")
        return caught.value

    errors = [error for _thread, error in on_threads(refused)]
    assert {error.status for error in errors} == {403}
    assert all("s3cr3t" not in error.message and "********" in error.message for error in errors), errors[0].message
