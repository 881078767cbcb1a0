"""Scripted stand-ins for ``requests`` objects, shared by the module_utils tests."""

from __future__ import annotations


class FakeResponse:
    def __init__(self, status, body=None, headers=None, text=None):
        self.status_code = status
        self._body = body
        self.headers = {"Content-Type": "application/json"} if body is not None else {}
        self.headers.update(headers or {})
        self.text = text if text is not None else ("" if body is None else str(body))
        self.content = self.text.encode() if (body is not None or text) else b""
        self.reason = "reason"

    def json(self):
        if self._body is None:
            raise ValueError("no json")
        return self._body


class FakeSession:
    """Answers from a script: each item is a FakeResponse or an exception to raise."""

    def __init__(self, *script):
        self.script = list(script)
        self.calls = []
        self.verify = True

    def request(self, method, url, **kwargs):
        self.calls.append((method, url, kwargs))
        item = self.script.pop(0)
        if isinstance(item, Exception):
            raise item
        return item
