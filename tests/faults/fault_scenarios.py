"""What the fault suite runs: operations of every module, and the faults to inject.

An :class:`Operation` knows how to arrange the emulator before the task (for example
create the cluster a scale-up needs), the module arguments of the task, and how to
judge the end state from the provider's side (through the emulator's HTTP API, not
through the collection). A :class:`Fault` is one emulator fault rule plus what the
task must do about it. New modules add operations to :data:`OPERATIONS`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Callable

from support.harness import Cloud, run_module

SURVIVE = "survive"  # the task must converge as if nothing happened
FAIL = "fail"  # the task must fail with a message (and leave nothing half-done reported as done)
EITHER = "either"  # converging or failing cleanly are both right

TIMEOUT = 1.0  # the module's request timeout in this suite; a "slow" fault exceeds it
WAIT = {"poll_interval": 0.2, "wait_timeout": 60}
#: Faults hit provider API paths only, never the identity endpoints (their own faults are the 401 case).
API_PATHS = "^/v1/"


@dataclass(frozen=True)
class Census:
    """The resources of one name as the provider holds them."""

    count: int
    ready: bool = False
    node_count: int | None = None


@dataclass(frozen=True)
class Provider:
    """How to reach one emulated provider and read its clusters behind the collection's back."""

    name: str
    connection: Callable[[str], dict[str, Any]]
    create: Callable[[str], dict[str, Any]]
    census: Callable[[Cloud, str], Census]
    #: The provider's API paths (a regex), so that faults never strike its identity endpoint.
    api_paths: str = API_PATHS


def deployme_census(cloud: Cloud, name: str) -> Census:
    listed = cloud.deployme("GET", "/v1/clusters", params={"per_page": 100}).json()["items"]
    items = [c for c in listed if c["name"] == name]
    if len(items) != 1:
        return Census(len(items))
    return Census(1, items[0]["status"] == "running", items[0].get("workers"))


def nks_census(cloud: Cloud, name: str) -> Census:
    listed = [c for c in cloud.nks("GET", "/v1/clusters").json()["clusters"] if c["name"] == name]
    if len(listed) != 1:
        return Census(len(listed))
    uuid = listed[0]["uuid"]
    worker = cloud.nks("GET", f"/v1/clusters/{uuid}/nodegroups/default-worker").json()
    cluster = cloud.nks("GET", f"/v1/clusters/{uuid}").json()
    ready = cluster["status"].endswith("_COMPLETE") and worker["status"].endswith("_COMPLETE")
    return Census(1, ready, worker.get("node_count"))


NKS_CREATE_BLOCK = {
    "keypair": "fault-keypair",
    "fixed_network": "eb212079-b6ec-430c-ba57-14280a457bcb",
    "fixed_subnet": "4fdf5b80-3d35-43f5-a5c1-010a3b6c8e90",
    "availability_zone": "kr2-pub-b",
    "node_image": "f462a2a5-ba24-46d6-b7a1-9a9febcd3cfc",
    "boot_volume_type": "General HDD",
    "boot_volume_size": 20,
}

PROVIDERS = (
    Provider(
        "deployme",
        lambda url: {"provider": "deployme", "api_url": f"{url}/deployme", "auth": {"token": "demo"}},
        lambda name: {"name": name, "node_count": 1, "node_size": "small"},
        deployme_census,
    ),
    Provider(
        "nks",
        lambda url: {
            "provider": "nks",
            "api_url": f"{url}/nks",
            "auth": {
                "username": "demo",
                "password": "demo",
                "project_id": "demo",
                "auth_url": f"{url}/nks/identity/v2.0",
            },
        },
        lambda name: {
            "name": name,
            "version": "v1.28.3",
            "node_count": 1,
            "node_size": "6ef27f21-c774-4c0e-84ff-7dd4a762571f",
            "nks": NKS_CREATE_BLOCK,
        },
        nks_census,
    ),
)


def module_main(name: str) -> Callable[[], None]:
    return importlib.import_module(f"ansible_collections.kaas.cloud.plugins.modules.{name}").main


@dataclass(frozen=True)
class Fault:
    """One emulator rule (without method, which the operation picks) and the expected outcome."""

    name: str
    rule: dict[str, Any]
    expect: str
    writes_only: bool = False  # only meaningful on a write (e.g. an operation that fails later)


FAULTS = (
    Fault("429 with Retry-After", {"status": 429, "retry_after": 1}, SURVIVE),
    Fault("429 without Retry-After", {"status": 429, "retry_after": -1}, SURVIVE),
    Fault("500", {"status": 500}, SURVIVE),
    Fault("502", {"status": 502}, SURVIVE),
    Fault("503", {"status": 503, "retry_after": 0}, SURVIVE),
    Fault("504", {"status": 504}, SURVIVE),
    Fault("connection reset", {"reset": True}, SURVIVE),
    Fault("slower than timeout", {"delay_ms": int(TIMEOUT * 1500)}, SURVIVE),
    Fault("401 once (token expired)", {"status": 401}, EITHER),
    Fault("answer lost after the change (reset)", {"reset": True, "after": True}, SURVIVE, writes_only=True),
    Fault("answer lost after the change (504)", {"status": 504, "after": True}, SURVIVE, writes_only=True),
    Fault("operation ends failed", {"async_error": "injected: no capacity"}, FAIL, writes_only=True),
)


@dataclass(frozen=True)
class Operation:
    """One task of one module on one provider, with its arrangement and its judge."""

    name: str
    provider: Provider
    module: str
    write: str | None  # HTTP method of the write the task sends; None for a read-only task
    arrange: Callable[[Cloud, dict[str, Any], str], None]
    args: Callable[[dict[str, Any], str, Any], dict[str, Any]]
    judge: Callable[[Cloud, str, dict[str, Any], Any], tuple[bool, int, str]]
    tags: tuple[str, ...] = field(default=())
    #: Names of the faults to try (all of :data:`FAULTS` when None): a representative subset
    #: keeps the suite's time reasonable where the full matrix would repeat the same code path.
    fault_names: frozenset[str] | None = None

    def faults(self) -> list[Fault]:
        return [
            f
            for f in FAULTS
            if (self.write or not f.writes_only) and (self.fault_names is None or f.name in self.fault_names)
        ]


def create_cluster(cloud: Cloud, connection: dict[str, Any], name: str, provider: Provider) -> None:
    result = run_module(module_main("k8s_cluster"), {**connection, **WAIT, **provider.create(name)})
    assert not result.get("failed"), result


def cluster_operations(provider: Provider) -> list[Operation]:
    """create, scale up and delete through k8s_cluster; read through k8s_cluster_info and kubeconfig."""

    def arrange_existing(cloud: Cloud, connection: dict[str, Any], name: str) -> None:
        create_cluster(cloud, connection, name, provider)

    def judge_present(node_count: int) -> Callable[..., tuple[bool, int, str]]:
        def judge(cloud: Cloud, name: str, result: dict[str, Any], tmp: Any) -> tuple[bool, int, str]:
            seen = provider.census(cloud, name)
            done = seen.count == 1 and seen.ready and seen.node_count == node_count
            return done, seen.count, f"{seen}"

        return judge

    def judge_absent(cloud: Cloud, name: str, result: dict[str, Any], tmp: Any) -> tuple[bool, int, str]:
        seen = provider.census(cloud, name)
        return seen.count == 0, seen.count, f"{seen}"

    def judge_info(cloud: Cloud, name: str, result: dict[str, Any], tmp: Any) -> tuple[bool, int, str]:
        names = [c.get("name") for c in result.get("clusters", [])]
        return names == [name], provider.census(cloud, name).count, f"listed {names}"

    def judge_kubeconfig(cloud: Cloud, name: str, result: dict[str, Any], tmp: Any) -> tuple[bool, int, str]:
        path = tmp / "kubeconfig"
        written = path.exists() and b"apiVersion" in path.read_bytes()
        return written, provider.census(cloud, name).count, f"kubeconfig written: {written}"

    def nothing(cloud: Cloud, connection: dict[str, Any], name: str) -> None:
        return None

    scale_method = "PATCH" if provider.name == "deployme" else "POST"
    return [
        Operation(
            f"k8s_cluster create ({provider.name})",
            provider,
            "k8s_cluster",
            "POST",
            nothing,
            lambda conn, name, tmp: {**conn, **WAIT, **provider.create(name)},
            judge_present(1),
            tags=("create",),
        ),
        Operation(
            f"k8s_cluster scale ({provider.name})",
            provider,
            "k8s_cluster",
            scale_method,
            arrange_existing,
            lambda conn, name, tmp: {**conn, **WAIT, "name": name, "node_count": 2},
            judge_present(2),
        ),
        Operation(
            f"k8s_cluster delete ({provider.name})",
            provider,
            "k8s_cluster",
            "DELETE",
            arrange_existing,
            lambda conn, name, tmp: {**conn, **WAIT, "name": name, "state": "absent"},
            judge_absent,
        ),
        Operation(
            f"k8s_cluster_info ({provider.name})",
            provider,
            "k8s_cluster_info",
            None,
            arrange_existing,
            lambda conn, name, tmp: {**conn, "name": name},
            judge_info,
        ),
        Operation(
            f"kubeconfig ({provider.name})",
            provider,
            "kubeconfig",
            None,
            arrange_existing,
            lambda conn, name, tmp: {**conn, "cluster": name, "dest": str(tmp / "kubeconfig")},
            judge_kubeconfig,
        ),
    ]


OPERATIONS = [op for provider in PROVIDERS for op in cluster_operations(provider)]
