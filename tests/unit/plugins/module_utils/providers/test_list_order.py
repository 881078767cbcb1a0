"""Lists the APIs treat as sets compare in any order; ordered lists compare in order.

Every list option of every declarative module (read from its argument spec, nested
ones included) is classified below: a set or a keyed collection (ports, access modes,
volumes, probes, ACL targets, node group volumes...), an ordered list (a command line,
``env``), or one never compared (write-only). For each provider whose adapter has the
option, a task with two or more items is compared (``desired.differences``) with a
resource that lists them reversed: no difference for a set, a difference for an
ordered list. An unclassified list option fails the test, so a new one is decided.
"""

from __future__ import annotations

import copy
import pkgutil
from typing import Any

import pytest

from ansible_collections.kaas.cloud.plugins import modules
from ansible_collections.kaas.cloud.plugins.module_utils import registry
from ansible_collections.kaas.cloud.plugins.module_utils.desired import differences
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import ResourceAdapter
from kaas_emulator.core.mutate import ORDERED_LISTS
from support.specs import captured_spec, list_options

SET = "set"
ORDERED = "ordered"
UNCOMPARED = "uncompared"

#: The resource each declarative module manages, where the names differ.
RESOURCE = {"k8s_cluster": "cluster"}

PORTS = [{"port": 8080, "protocol": "TCP"}, {"port": 80}, {"port": 53, "protocol": "UDP"}]
SUBNETS = ["4fdf5b80-3d35-43f5-a5c1-010a3b6c8e90", "0b1c3f3a-9d3e-4f57-8b1a-2f8c1d9e7a10"]
GROUPS = ["sg-web", "sg-db", "sg-admin"]
COMMAND = ["sh", "-c", "echo ready"]
CONTAINER_LISTS = {
    "containers[].env": (ORDERED, [{"name": "BASE", "value": "/srv"}, {"name": "DATA", "value": "$(BASE)/d"}]),
    "containers[].volume_mounts": (
        SET,
        [{"volume_name": "logs", "mount_path": "/var/log"}, {"volume_name": "data", "mount_path": "/data"}],
    ),
    "containers[].logsidecar_injector": (SET, ["/var/log/app.log", "/var/log/access.log"]),
    "containers[].health": (
        SET,
        [{"type": "readiness", "protocol": "tcp", "port": 80}, {"type": "liveness", "protocol": "tcp", "port": 80}],
    ),
    "containers[].security.capabilities.caps": (SET, ["NET_ADMIN", "SYS_TIME", "CHOWN"]),
    "containers[].commands.cmd": (ORDERED, COMMAND),
    "containers[].commands.args": (ORDERED, ["--port", "80", "--verbose"]),
    "containers[].hooks": (SET, [{"type": "PreStop", "cmd": COMMAND}, {"type": "PostStart", "cmd": ["true"]}]),
    "containers[].hooks[].cmd": (ORDERED, COMMAND),
    "volumes": (SET, [{"name": "data", "type": "EmptyDir"}, {"name": "conf", "type": "ConfigMap"}]),
}
WORKERS = [
    {"name": "app", "type": "worker", "image": {"image": "nginx", "image_version": "1.25"}},
    {"name": "sidecar", "type": "worker", "image": {"image": "fluentd", "image_version": "1.16"}},
]
#: (module, option path) -> (kind, items). ``containers[].env`` is an item of containers.
LISTS: dict[tuple[str, str], tuple[str, Any]] = {
    **{(module, path): rule for module in ("workload", "job", "cronjob") for path, rule in CONTAINER_LISTS.items()},
    **{(module, "containers"): (SET, WORKERS) for module in ("workload", "job", "cronjob")},
    ("workload", "scheduler_strategy"): (
        SET,
        [{"type": "nodeSelector", "node_selector": {"disk": "ssd"}}, {"type": "podAntiAffinity"}],
    ),
    ("workload", "network.host_aliases"): (SET, [{"ip": "10.0.0.2", "hostnames": "db"}, {"ip": "10.0.0.1"}]),
    ("workload", "access_modes"): (
        SET,
        [{"type": "ClusterIP", "access": [{"port": 80}]}, {"type": "NodePort", "access": [{"port": 443}]}],
    ),
    ("workload", "access_modes[].access"): (SET, PORTS),
    ("workload", "access_modes[].access[].routers"): (SET, [{"domain": "b.example"}, {"domain": "a.example"}]),
    ("service", "ports"): (SET, PORTS),
    ("load_balancer", "ecns.ports"): (SET, PORTS),
    ("ingress", "routers"): (
        SET,
        [
            {"domain": "b.example", "path": "/", "target_service": "web", "service_port": 80},
            {"domain": "a.example", "path": "/api", "target_service": "api", "service_port": 8080},
        ],
    ),
    ("namespace", "users"): (SET, [{"id": "u2", "name": "bob"}, {"id": "u1", "name": "ann"}]),
    ("namespace", "roles"): (SET, ["Visitor", "Developer"]),
    ("pvc", "access_modes"): (SET, ["ReadWriteOnce", "ReadOnlyMany"]),
    ("ipacl", "targets"): (SET, [{"cidr": "10.0.0.0/24", "description": "office"}, {"cidr": "192.168.0.5/32"}]),
    **{
        (module, f"nks.{name}"): (SET, SUBNETS)
        for module in ("k8s_cluster", "nodegroup")
        for name in ("additional_network_id_list", "additional_subnet_id_list")
    },
    ("k8s_cluster", "nks.external_subnet_id_list"): (SET, SUBNETS),
    **{
        (module, "nks.extra_security_groups"): (
            SET,
            [{"target_subnet": SUBNETS[1], "security_group_ids": GROUPS}, {"target_subnet": SUBNETS[0]}],
        )
        for module in ("k8s_cluster", "nodegroup")
    },
    **{
        (module, "nks.extra_security_groups[].security_group_ids"): (SET, GROUPS)
        for module in ("k8s_cluster", "nodegroup")
    },
    **{
        (module, "nks.extra_volumes"): (
            SET,
            [
                {"volume_type": "General SSD", "volume_size": 20, "volume_mount_path": "/data"},
                {"volume_type": "General HDD", "volume_size": 100, "volume_mount_path": "/backup"},
            ],
        )
        for module in ("k8s_cluster", "nodegroup")
    },
    ("nodegroup", "nks.stopped_nodes"): (SET, ["worker-2", "worker-1"]),
    # Write-only: what a task asks to remove, or an application's members, created once.
    ("nodegroup", "nks.nodes_to_remove"): (UNCOMPARED, None),
    ("nodegroup", "itcare.nodes_to_remove"): (UNCOMPARED, None),
    ("application", "workloads"): (UNCOMPARED, None),
    ("application", "configmaps"): (UNCOMPARED, None),
    ("application", "virtual_machines"): (UNCOMPARED, None),
    ("application", "virtual_machines[].data_disk"): (UNCOMPARED, None),
    ("application", "virtual_machines[].security_groups"): (UNCOMPARED, None),
    ("application", "virtual_machines[].loadbalancer.access"): (UNCOMPARED, None),
}
#: Lists the API writes as text, and order rules that go beyond one option.
EXTRA: dict[tuple[str, str], tuple[str, Any, Any]] = {
    # (kind, what the task sets, what the provider shows)
    ("load_balancer", "itcare.port_members"): (SET, "80,443,8443", "8443, 80,443"),
    ("k8s_cluster", "nks.external_subnet_id_list"): (SET, SUBNETS, ":".join(reversed(SUBNETS))),
    **{
        (module, "containers"): (
            ORDERED,
            [{"name": "migrate", "type": "init"}, {"name": "seed", "type": "init"}, WORKERS[0]],
            [{"name": "seed", "type": "init"}, WORKERS[0], {"name": "migrate", "type": "init"}],
        )
        for module in ("workload", "job", "cronjob")
    },
}
#: The items an option path's enclosing list holds besides the list under test.
ENCLOSING = {
    "containers": WORKERS[0],
    "containers[].hooks": {"type": "PreStop"},
    "access_modes": {"type": "NodePort"},
    "access_modes[].access": {"port": 80},
    "nks.extra_security_groups": {"target_subnet": SUBNETS[0]},
}


def declarative_modules() -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.iter_modules(modules.__path__)
        if not info.name.endswith("_info") and info.name not in ("kubeconfig", "pod_info")
    )


def adapters(module: str) -> list[type[ResourceAdapter]]:
    resource = RESOURCE.get(module, module)
    return [load() for load in registry.adapter_loaders(resource).values()]


def field_of(adapter: type[ResourceAdapter], path: str) -> str | None:
    """The adapter field an option path belongs to: the longest field path it starts with."""
    plain = path.replace("[]", "")
    found = [f.path for f in adapter.fields if plain == f.path or plain.startswith(f.path + ".")]
    return max(found, key=len) if found else None


def task_with(path: str, items: Any) -> dict[str, Any]:
    """A desired state that sets ``items`` at ``path``, each enclosing list holding one item."""
    parts = path.split(".")

    def build(index: int, prefix: str) -> dict[str, Any]:
        part = parts[index]
        name = part.removesuffix("[]")
        if index == len(parts) - 1:
            return {name: copy.deepcopy(items)}
        if part.endswith("[]"):
            inner = build(index + 1, f"{prefix}{part}.")
            return {name: [{**copy.deepcopy(ENCLOSING.get(prefix + name, {})), **inner}]}
        return {name: build(index + 1, f"{prefix}{part}.")}

    return build(0, "")


def cases() -> list[tuple[str, str, str, Any, Any]]:
    """(module, option path, kind, what a task sets, what the provider shows) for every list option."""
    found = []
    for (module, path), (kind, items) in LISTS.items():
        if kind != UNCOMPARED:
            shown = items[::-1] if isinstance(items, list) else items
            found.append((module, path, kind, items, shown))
    found += [(module, path, kind, wanted, shown) for (module, path), (kind, wanted, shown) in EXTRA.items()]
    return found


def test_every_list_option_of_every_module_is_classified() -> None:
    listed = {(module, path) for module in declarative_modules() for path in list_options(captured_spec(module))}
    missing = sorted(listed - set(LISTS))
    assert not missing, f"list options with no order rule here (set, ordered or uncompared): {missing}"
    gone = sorted(set(LISTS) - listed)
    assert not gone, f"classified options no module has any more: {gone}"


@pytest.mark.parametrize(("module", "path"), [key for key, rule in LISTS.items() if rule[0] == UNCOMPARED])
def test_lists_classified_uncompared_are_never_compared(module: str, path: str) -> None:
    for adapter in adapters(module):
        field_path = field_of(adapter, path)
        if field_path is not None:
            assert not adapter.field(field_path).compare, f"{adapter.__name__}.{field_path} is compared: classify it"


@pytest.mark.parametrize(
    ("module", "path", "kind", "wanted", "shown"), cases(), ids=[f"{c[0]}:{c[1]}:{c[2]}" for c in cases()]
)
def test_reordered_sets_are_no_change_reordered_ordered_lists_are(
    module: str, path: str, kind: str, wanted: Any, shown: Any
) -> None:
    checked = 0
    for adapter in adapters(module):
        field_path = field_of(adapter, path)
        if field_path is None:
            continue
        changes = differences(adapter, task_with(path, wanted), task_with(path, shown))
        name = f"{adapter.__name__} {path}"
        if kind == SET:
            assert changes == {}, f"{name}: the same set listed in another order reads as a change: {changes}"
        else:
            assert field_path in changes, f"{name}: an ordered list in another order reads as no change"
        checked += 1
    assert checked, f"no provider's {RESOURCE.get(module, module)} adapter has {path}"


@pytest.mark.parametrize(("module", "path"), [key for key, rule in LISTS.items() if rule[0] != UNCOMPARED])
def test_the_emulator_reorders_the_sets_and_keeps_the_ordered_lists(module: str, path: str) -> None:
    """The tolerant-reader answers must move what the collection must take in any order."""
    kind = LISTS[(module, path)][0]
    name = path.replace("[]", "").rsplit(".", 1)[-1]
    assert (name in ORDERED_LISTS) == (kind == ORDERED), f"{path}: the emulator's order rule is not the collection's"
