"""Every ECNS module with its token revoked before each of its requests in turn.

ECNS keeps the cluster and namespace scope in the session of the token; a new token
starts in the default scope. For each module, a task working in namespace ``apps``
(or, for the project's objects, outside any namespace) is first run cleanly to count
its API requests (N), then run again N times from the same start, the emulator
revoking the task's token just before its k-th API request (k = 1..N). Each run must
end as the clean run did: same result, same objects added at the same places in the
emulator's state, every request that acted in a scope in ``ecns-east/apps``,
nothing added to ``default``, and no workload reported as "disappeared" while waited
for. A task signed in with a static token cannot sign in again: it fails with the 401.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pytest

from fault_operations import ECNS, ecns_lb_args
from fault_operations_ecns import BUSYBOX
from fault_operations_ecns_apps import registry_connection
from fault_operations_ecns_config import NAMESPACE_SETTINGS, SECRET_VALUES
from fault_scenarios import WAIT, module_main
from kaas_emulator.app import get_emulator
from support.ecns_net import add_workload
from support.ecns_registry import push, workspace
from support.harness import Cloud, run_module

NAMESPACE = "apps"
SCOPE = f"ecns-east/{NAMESPACE}"
DEFAULT = "ecns-east/default"
API_PATHS = "^/api/"
#: State entries that change on every run whatever the task does.
VOLATILE_STATE = frozenset({"_tokens", "sessions"})
NAME = "revoked"
NGINX = [{"name": "nginx", "image": {"image": "nginx", "image_version": "1.25"}}]
Args = Callable[[dict[str, Any]], dict[str, Any]]
Arrange = Callable[[Cloud, dict[str, Any]], None]


@dataclass(frozen=True)
class Case:
    """One task of one ECNS module, its arrangement, and whether it works in a namespace."""

    module: str
    args: Args
    arrange: Arrange = field(default=lambda cloud, conn: None)
    namespaced: bool = True

    @property
    def name(self) -> str:
        return self.module


def in_namespace(conn: dict[str, Any]) -> dict[str, Any]:
    return {**conn, "namespace": NAMESPACE}


def run_ok(module: str, args: dict[str, Any]) -> dict[str, Any]:
    result = run_module(module_main(module), args)
    assert not result.get("failed"), result
    return result


def workload_in_namespace(cloud: Cloud, conn: dict[str, Any]) -> None:
    add_workload(cloud, name=NAME, namespace=NAMESPACE)


def internal_service(cloud: Cloud, conn: dict[str, Any]) -> None:
    workload_in_namespace(cloud, conn)
    service = {"name": f"{NAME}-internal", "type": "ClusterIP", "target_workload": NAME, "ports": [{"port": 80}]}
    run_ok("service", {**in_namespace(conn), **service})


def registry(cloud: Cloud, conn: dict[str, Any]) -> None:
    workspace(cloud, NAME)
    push(cloud, NAME, "nginx:1.25")


ROUTE = {"domain": "revoked.example.com", "path": "/", "target_service": f"{NAME}-internal", "service_port": 80}
HYBRID = {
    "name": NAME,
    "type": "Hybrid",
    "product_type": "hybrid",
    "vm_network": {"network_name": "app-net", "network_id": "n-1", "subnet_name": "app-subnet", "subnet_id": "s-1"},
    "virtual_machines": [
        {
            "name": "db",
            "replicas": 1,
            "availability_zone": "nova",
            "flavor_name": "m1.medium",
            "boot_manager": {"type": "image", "image": "ubuntu-22.04"},
            "system_disk": {"size": 40},
            "loadbalancer": {"internal_ip": "192.168.10.5", "access": [{"port": 5432}]},
            "authentication": {"keypair": "ops"},
        }
    ],
}

#: The write of every ECNS module (``load_balancer`` with provider ecns).
WRITES = [
    Case("workload", lambda conn: {**in_namespace(conn), **WAIT, "name": NAME, "replicas": 2, "containers": NGINX}),
    Case("configmap", lambda conn: {**in_namespace(conn), "name": NAME, "data": {"mode": "prod"}}),
    Case("secret", lambda conn: {**in_namespace(conn), "name": NAME, **SECRET_VALUES}),
    Case(
        "service",
        lambda conn: {
            **in_namespace(conn),
            "name": NAME,
            "type": "NodePort",
            "target_workload": NAME,
            "ports": [{"port": 80}],
        },
        workload_in_namespace,
    ),
    Case("ingress", lambda conn: {**in_namespace(conn), "name": NAME, "routers": [ROUTE]}, internal_service),
    Case(
        "pvc", lambda conn: {**in_namespace(conn), **WAIT, "name": NAME, "storage_class": "standard", "capacity": "1Gi"}
    ),
    Case("job", lambda conn: {**in_namespace(conn), **WAIT, "name": NAME, "completions": 2, "containers": BUSYBOX}),
    Case("cronjob", lambda conn: {**in_namespace(conn), "name": NAME, "schedule": "0 0 1 1 *", "containers": BUSYBOX}),
    Case(
        "application",
        lambda conn: {
            **in_namespace(conn),
            **WAIT,
            "name": NAME,
            "workloads": [{"name": f"{NAME}-web", "replicas": 1, "containers": NGINX}],
        },
    ),
    Case("load_balancer", lambda conn: ecns_lb_args(in_namespace(conn), NAME), workload_in_namespace),
    Case("namespace", lambda conn: {**conn, "name": NAME, **NAMESPACE_SETTINGS}, namespaced=False),
    Case("storage_class", lambda conn: {**conn, "name": NAME, "volume_type": "ssd"}, namespaced=False),
    Case("image_workspace", lambda conn: {**registry_connection(conn), "name": NAME, "public": True}, namespaced=False),
    Case(
        "image",
        lambda conn: {**registry_connection(conn), "name": f"{NAME}/nginx", "description": "# nginx"},
        registry,
        namespaced=False,
    ),
]


def written_first(write: Case) -> Arrange:
    """Arrange an info module's case: the write's own arrangement, then the write."""

    def arrange(cloud: Cloud, conn: dict[str, Any]) -> None:
        write.arrange(cloud, conn)
        run_ok(write.module, write.args(conn))

    return arrange


def info(module: str, write: str, options: Callable[[dict[str, Any]], dict[str, Any]] | None = None) -> Case:
    """The info module ``module``, reading what the case of ``write`` made."""
    made = next(case for case in WRITES if case.module == write)
    scoped = in_namespace if made.namespaced else (lambda conn: conn)
    return Case(module, options or (lambda conn: {**scoped(conn), "name": NAME}), written_first(made), made.namespaced)


READS = [
    info("workload_info", "workload"),
    info("configmap_info", "configmap"),
    info("secret_info", "secret"),
    info("service_info", "service"),
    info("ingress_info", "ingress"),
    info("job_info", "job"),
    info("cronjob_info", "cronjob"),
    info("application_info", "application"),
    info("pod_info", "workload", in_namespace),
    info("load_balancer_info", "load_balancer", in_namespace),
    info("storage_info", "pvc", in_namespace),
    info("namespace_info", "namespace"),
    info("image_workspace_info", "image_workspace", lambda conn: {**registry_connection(conn), "name": NAME}),
    info("image_info", "image", registry_connection),
    Case(
        "virtual_machine_info",
        lambda conn: {**in_namespace(conn), "product_type": "hybrid", "name": "db"},
        lambda cloud, conn: run_ok("application", {**in_namespace(conn), **WAIT, **HYBRID}),
    ),
]


def generic(key: str) -> str:
    """``key`` without what differs from run to run: generated ids and numbers (a cronjob's runs)."""
    return re.sub(r"\d+", "#", UUID.sub("<id>", key))


UUID = re.compile(r"[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}")


def state_keys(emulator: Any) -> set[str]:
    """``<entry>:<key>`` of every record of the ECNS state (tokens and sessions left out)."""
    state = get_emulator(emulator.app).store.snapshot()["ecns"]
    return {
        f"{entry}:{key}"
        for entry, records in state.items()
        if entry not in VOLATILE_STATE and isinstance(records, dict)
        for key in records
    }


def listed(result: dict[str, Any]) -> dict[str, list[Any]]:
    """The names of what a task returned, list by list (an info module's answer)."""
    return {
        key: sorted(generic(str(item.get("name"))) for item in value if isinstance(item, dict))
        for key, value in result.items()
        if isinstance(value, list) and key not in ("warnings", "deprecations")
    }


@dataclass
class Run:
    result: dict[str, Any]
    added: set[str]
    removed: set[str]
    log: list[dict[str, Any]]

    @property
    def api_requests(self) -> list[dict[str, Any]]:
        return [r for r in self.log if r["path"].startswith("/api/")]

    @property
    def sign_ins(self) -> int:
        return sum(1 for r in self.log if r["path"].startswith("/identity/"))


def run_case(
    cloud: Cloud,
    emulator: Any,
    case: Case,
    conn: dict[str, Any],
    revoke_before: int | None = None,
    tokens: Path | None = None,
) -> Run:
    # Each case is a run of its own: the tokens the previous one cached died with the reset.
    if tokens is not None:
        shutil.rmtree(tokens, ignore_errors=True)
    cloud.reset()
    case.arrange(cloud, conn)
    before = state_keys(emulator)
    cloud.clear_log()
    if revoke_before is not None:
        cloud.faults({"provider": "ecns", "path": API_PATHS, "skip": revoke_before - 1, "revoke": True})
    result = run_module(module_main(case.module), case.args(conn))
    cloud.clear_faults()
    after = state_keys(emulator)
    added = {generic(key) for key in after - before}
    return Run(result, added, {generic(key) for key in before - after}, cloud.requests("ecns"))


def problems(case: Case, clean: Run, run: Run) -> list[str]:
    """What is wrong with ``run`` compared with the clean run of the same task."""
    found = []
    message = str(run.result.get("msg") or "")
    if run.result.get("failed"):
        found.append(f"failed: {message[:300]}")
    if "disappeared" in message:
        found.append("reported a workload as disappeared")
    if run.result.get("changed") != clean.result.get("changed"):
        found.append(f"changed={run.result.get('changed')}, the clean run {clean.result.get('changed')}")
    if listed(run.result) != listed(clean.result):
        found.append(f"returned {listed(run.result)}, the clean run {listed(clean.result)}")
    if (run.added, run.removed) != (clean.added, clean.removed):
        found.append(
            f"state added {sorted(run.added - clean.added)} and removed {sorted(run.removed - clean.removed)} more, "
            f"missed adding {sorted(clean.added - run.added)} and removing {sorted(clean.removed - run.removed)}"
        )
    landed = sorted(key for key in run.added - clean.added if f":{DEFAULT}/" in key)
    if landed:
        found.append(f"something landed in {DEFAULT}: {landed}")
    if case.namespaced:
        elsewhere = [
            (r["method"], r["path"], r["scope"]) for r in run.api_requests if r.get("scope") not in (None, SCOPE)
        ]
        if elsewhere:
            found.append(f"requests acted outside {SCOPE}: {elsewhere}")
    if not any(r["fault"] == "revoke" for r in run.log):
        found.append("the revocation never struck")
    # One sign-in more than the clean run (which reuses the token the arrangement cached, if any).
    if run.sign_ins != clean.sign_ins + 1:
        found.append(f"signed in {run.sign_ins} times, not {clean.sign_ins + 1}")
    return found


@pytest.mark.parametrize("case", [*WRITES, *READS], ids=lambda case: case.name)
def test_scope_survives_a_token_revoked_before_any_request(cloud, emulator, case: Case, private_token_cache) -> None:
    conn = ECNS.connection(cloud.url)
    clean = run_case(cloud, emulator, case, conn, tokens=private_token_cache)
    assert not clean.result.get("failed"), clean.result
    if case.namespaced:
        assert {r.get("scope") for r in clean.api_requests} <= {None, SCOPE}, "the clean run left the namespace"
    steps = len(clean.api_requests)
    wrong = {}
    for k in range(1, steps + 1):
        run = run_case(cloud, emulator, case, conn, revoke_before=k, tokens=private_token_cache)
        if len(run.api_requests) < k and not run.result.get("failed"):
            # A wait ended after fewer polls than in the clean run: there was no k-th request.
            continue
        found = problems(case, clean, run)
        if found:
            struck = next((r for r in run.log if r["fault"] == "revoke"), None)
            wrong[f"before request {k} ({struck and (struck['method'] + ' ' + struck['path'])})"] = found
    assert not wrong, f"{case.module}: {len(wrong)} of {steps} revocations went wrong: {wrong}"


def test_a_static_token_revoked_mid_task_fails_with_the_401_and_writes_nothing_elsewhere(cloud, emulator) -> None:
    cloud.http.post(f"{cloud.url}/_emulator/config", json={"credentials": ["Static-Ecns-Token"]}).raise_for_status()
    conn = {**ECNS.connection(cloud.url), "auth": {"token": "Static-Ecns-Token", "project_id": "demo"}}
    case = WRITES[1]  # configmap: switch, look-up, create
    cloud.clear_log()
    cloud.faults({"provider": "ecns", "path": API_PATHS, "skip": 1, "revoke": True})
    result = run_module(module_main(case.module), case.args(conn))
    assert result.get("failed") and "401" in result["msg"] and "token revoked" in result["msg"], result
    assert "Static-Ecns-Token" not in str(result)
    assert not [key for key in state_keys(emulator) if key.startswith("configmaps:")]
    assert [(r["status"], r["fault"]) for r in cloud.requests("ecns")] == [(200, None), (401, "revoke")]
