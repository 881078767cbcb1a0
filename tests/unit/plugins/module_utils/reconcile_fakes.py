"""A fake adapter of in-memory clusters and a stopped clock, for the reconciler's tests."""

from __future__ import annotations

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ApiError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import (
    FAILED,
    PENDING,
    READY,
    Field,
    ResourceAdapter,
    Status,
)
from ansible_collections.kaas.cloud.plugins.module_utils.reconcile import Reconciler, WaitOptions


class FakeTransport:
    timeout = 3.0


class FakeApi:
    name = "fake"
    transport = FakeTransport()


class FakeCluster(ResourceAdapter):
    """In-memory clusters; a status script per id drives the wait loop."""

    resource = "cluster"
    fields = (
        Field("node_count", mutable=True),
        Field("version", normalize=lambda v: v if v is None else str(v).lstrip("v")),
        Field("fake.zone"),
        Field("fake.secret", compare=False),
    )

    def __init__(self):
        super().__init__(FakeApi())
        self.items = {}
        self.writes = []
        self.statuses = []
        self.create_failures = []
        self.create_side_effect_on_failure = False
        self.update_failures = []
        self.update_side_effect_on_failure = False

    def find(self, desired):
        matches = [c for c in self.items.values() if c["name"] == desired.get("name")]
        return dict(matches[0]) if matches else None

    def read(self, current):
        item = self.items.get(current["id"])
        if item is None:
            return None
        if self.statuses:
            item["status"] = self.statuses.pop(0)
            if item["status"] == "gone":
                del self.items[current["id"]]
                return None
        return dict(item)

    def view(self, current):
        return {
            "id": current["id"],
            "name": current["name"],
            "status": current["status"],
            "node_count": current["node_count"],
            "version": current["version"],
            "fake": {"zone": current["zone"]},
        }

    def status(self, current):
        raw = current["status"]
        if raw == "ok":
            return Status(READY, raw)
        if raw == "broken":
            return Status(FAILED, raw, "disk on fire")
        return Status(PENDING, raw)

    def is_deleting(self, current):
        return current["status"] == "deleting"

    def create(self, desired):
        self.writes.append(("create", desired["name"]))
        if self.create_failures:
            error = self.create_failures.pop(0)
            if self.create_side_effect_on_failure:
                self._store(desired)
            raise error
        return self._store(desired)

    def _store(self, desired):
        item = {
            "id": f"id{len(self.items) + 1}",
            "name": desired["name"],
            "status": "building",
            "node_count": desired.get("node_count", 1),
            "version": "v1.31.0",
            "zone": desired.get("fake", {}).get("zone", "a"),
        }
        self.items[item["id"]] = item
        return dict(item)

    def update(self, current, changes, desired):
        self.writes.append(("update", changes))
        if self.update_failures:
            error = self.update_failures.pop(0)
            if self.update_side_effect_on_failure:
                self.items[current["id"]].update(changes, status="updating")
            raise error
        self.items[current["id"]].update(changes, status="updating")
        return dict(self.items[current["id"]])

    def delete(self, current):
        self.writes.append(("delete", current["id"]))
        self.items[current["id"]]["status"] = "deleting"


class Clock:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def reconciler(adapter, check_mode=False, **wait):
    clock = Clock()
    options = WaitOptions(**{"timeout": 60, "max_interval": 4, **wait})
    return Reconciler(adapter, check_mode=check_mode, wait=options, clock=clock, sleep=clock.sleep)


def existing(adapter, **fields):
    item = {"id": "id1", "name": "a", "status": "ok", "node_count": 1, "version": "v1.31.0", "zone": "a", **fields}
    adapter.items["id1"] = item
    return item


def api_error(status):
    return ApiError(status=status, provider_message="busy", method="PATCH", path="/c", provider="fake")
