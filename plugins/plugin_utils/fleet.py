# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet file: connections named once, defaults per provider, clusters; checked before any request.

A fleet file (docs/fleet.md) is expanded into one entry per cluster: its provider and
connection options, the ``cluster_spec`` of ``kaas.cloud.cluster`` (NKS, ITCare, deployme)
or the namespaces and workloads of an ECNS cluster. Every key is checked against the
argument spec of the module that will receive it, so the fleet file accepts exactly what
the modules accept; what a provider cannot do is refused with the providers that can.
Every error names the cluster (or connection) and the key.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.kaas.cloud.plugins.module_utils.arguments import PROVIDER_CHOICES, connection_argument_spec
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.options_workload import workload_options
from ansible_collections.kaas.cloud.plugins.modules import (
    autoscaler,
    ipacl,
    k8s_cluster,
    kubeconfig,
    load_balancer,
    namespace,
    nodegroup,
)

TOP_KEYS = ("connections", "defaults", "clusters")
#: Keys of a cluster entry that are the fleet's own, not a module option.
FLEET_KEYS = ("name", "connection", "labels")
#: What the modules take but the fleet sets itself (the connection, the cluster, waiting).
SET_BY_FLEET = {*connection_argument_spec(), "cluster", "cluster_id", "wait", "wait_timeout", "poll_interval"}

#: Where the cluster role says which steps each provider can do (one registry, not two).
ROLE_CAPABILITIES = Path(__file__).resolve().parents[2] / "roles" / "cluster" / "vars" / "main.yml"
#: ECNS clusters are built in EasyStack's console: the fleet converges what lives inside them.
ECNS_CAPABILITIES = ["namespaces", "workloads"]


class FleetError(ValueError):
    """The fleet file is wrong; the message names the cluster (or connection) and the key."""


@functools.lru_cache(maxsize=1)
def capabilities() -> dict[str, list[str]]:
    """Which keys each provider's clusters may hold: the cluster role's registry, plus ECNS."""
    table = yaml.safe_load(ROLE_CAPABILITIES.read_text(encoding="utf-8"))["cluster_capabilities"]
    steps = {"cluster": ["node_count", "node_size"]}
    found = {provider: [k for step in kinds for k in steps.get(step, [step])] for provider, kinds in table.items()}
    for provider in found:
        found[provider].append(provider)  # the provider's own block
    found["ecns"] = list(ECNS_CAPABILITIES)
    return found


def _options(spec: dict[str, Any], keep: Iterable[str] = (), drop: Iterable[str] = ()) -> dict[str, Any]:
    """A module's spec without what the fleet sets itself (and the ``drop`` keys), plus ``keep`` only if named."""
    chosen = {key: value for key, value in spec.items() if key not in SET_BY_FLEET and key not in set(drop)}
    if keep:
        chosen = {key: value for key, value in chosen.items() if key in set(keep)}
    return chosen


def _blocks_except(provider: str, blocks: Iterable[str]) -> list[str]:
    return [block for block in blocks if block != provider]


def _list_of(options: dict[str, Any]) -> dict[str, Any]:
    return {"type": "list", "elements": "dict", "options": options}


@functools.lru_cache(maxsize=8)
def cluster_key_specs(provider: str) -> dict[str, dict[str, Any]]:
    """The argument spec of each key a ``provider`` cluster may hold, taken from the modules' specs."""
    if provider == "ecns":
        return {
            "namespaces": _list_of(_options(namespace.argument_spec())),
            "workloads": _list_of(_options(workload_options())),
        }
    others = list(PROVIDER_CHOICES)
    # A declared cluster is present: deleting one is the prune's job (or the teardown role's).
    pool = _options(k8s_cluster.argument_spec(), drop=[*_blocks_except(provider, k8s_cluster.BLOCKS), "id", "state"])
    group = _options(nodegroup.argument_spec(), drop=_blocks_except(provider, nodegroup.BLOCKS))
    group["name"] = {**group["name"], "required": True}
    balancer = _options(load_balancer.argument_spec(), drop=[*_blocks_except(provider, others), "namespace"])
    balancer.pop("product_type", None)
    specs = {
        **pool,
        "node_groups": _list_of(group),
        "autoscalers": _list_of(_options(autoscaler.argument_spec(), drop=_blocks_except(provider, ["nks"]))),
        "ip_acl": {"type": "dict", "options": _options(ipacl.argument_spec())},
        "load_balancers": _list_of(balancer),
        "kubeconfig": {"type": "dict", "options": _options(kubeconfig.argument_spec(), keep=("dest", "mode"))},
    }
    specs["kubeconfig"]["options"]["dest"] = {**specs["kubeconfig"]["options"]["dest"], "required": True}
    return specs


def _where(cluster: Mapping[str, Any], provider: str) -> str:
    return f"cluster {cluster.get('name')!r} ({provider}, connection {cluster.get('connection')!r})"


def _check(spec: dict[str, Any], params: dict[str, Any], where: str, label: str) -> list[str]:
    """Errors of ``params`` against an argument spec, named ``where: label``."""
    result = ArgumentSpecValidator(copy.deepcopy(spec)).validate(copy.deepcopy(params))
    problems = []
    for unsupported in sorted(result.unsupported_parameters, key=str):
        path = ".".join(unsupported) if isinstance(unsupported, tuple) else unsupported
        problems.append(f"{where}: unknown key {label + '.' if label else ''}{path}")
    for error in result.errors:
        if type(error).__name__ != "UnsupportedError":
            problems.append(f"{where}: {label + ': ' if label else ''}{error.msg}")
    return problems


def _validate(spec: dict[str, Any], value: Any, where: str, key: str) -> list[str]:
    """Errors of ``value`` under ``key`` against ``spec``, each naming ``where`` and the key (and entry)."""
    options = spec.get("options")
    if options is not None and spec.get("type") == "list" and isinstance(value, list):
        problems = []
        for index, item in enumerate(value):
            label = f"{key}[{index}]"
            if not isinstance(item, dict):
                problems.append(f"{where}: {label}: must be a mapping")
                continue
            problems += _check(options, item, where, label)
        return problems
    if options is not None and spec.get("type") == "dict" and isinstance(value, dict):
        return _check(options, value, where, key)
    return _check({key: spec}, {key: value}, where, "")


def _duplicates(items: list[Any], identity: Callable[[dict[str, Any]], Any]) -> list[Any]:
    seen: set[Any] = set()
    twice = []
    for item in items:
        if not isinstance(item, dict):
            continue
        found = identity(item)
        if found in seen and found not in twice:
            twice.append(found)
        seen.add(found)
    return twice


#: Entries of a list that must be unique within a cluster, and what identifies them.
UNIQUE: dict[str, Callable[[dict[str, Any]], Any]] = {
    "node_groups": lambda item: item.get("name"),
    "autoscalers": lambda item: item.get("nodegroup", "default-worker"),
    "load_balancers": lambda item: item.get("name"),
    "namespaces": lambda item: item.get("name"),
    "workloads": lambda item: f"{item.get('namespace', 'default')}/{item.get('name')}",
}


def check_cluster(cluster: dict[str, Any], provider: str) -> list[str]:
    """Every problem of one merged cluster entry (defaults applied), each naming the cluster and the key."""
    where = _where(cluster, provider)
    allowed = capabilities()
    specs = cluster_key_specs(provider)
    problems = []
    if not isinstance(cluster.get("name"), str) or not cluster["name"]:
        problems.append(f"{where}: name must be a non-empty string")
    labels = cluster.get("labels", {})
    if not isinstance(labels, dict) or not all(isinstance(v, (str, int, float, bool)) for v in labels.values()):
        problems.append(f"{where}: labels must be a mapping of names to plain values")
    for key, value in cluster.items():
        if key in FLEET_KEYS:
            continue
        if key not in allowed[provider]:
            can = [p for p, keys in allowed.items() if key in keys]
            problems.append(
                f"{where}: provider {provider} cannot do {key!r}"
                + (f" (providers that can: {', '.join(can)})" if can else " (no provider has this key)")
            )
            continue
        problems += _validate(specs[key], value, where, key)
        if key in UNIQUE and isinstance(value, list):
            for twice in _duplicates(value, UNIQUE[key]):
                problems.append(f"{where}: {key}: {twice!r} is declared twice")
    problems += _check_autoscaled_groups(cluster, where)
    return problems


def _check_autoscaled_groups(cluster: dict[str, Any], where: str) -> list[str]:
    groups = {"default-worker"} | {g.get("name") for g in cluster.get("node_groups") or [] if isinstance(g, dict)}
    return [
        f"{where}: autoscalers: node group {a.get('nodegroup')!r} is not declared in node_groups"
        for a in cluster.get("autoscalers") or []
        if isinstance(a, dict) and a.get("nodegroup", "default-worker") not in groups
    ]


#: What a secret shows as in a plan (as Ansible shows a no_log value).
HIDDEN = "********"


def _hide(spec: dict[str, Any], value: Any) -> Any:
    """``value`` with every option the spec marks ``no_log`` hidden, at any depth."""
    if spec.get("no_log"):
        return HIDDEN
    options = spec.get("options")
    if options is None:
        return value
    if spec.get("type") == "list" and isinstance(value, list):
        return [_hide({"type": "dict", "options": options}, item) for item in value]
    if isinstance(value, dict):
        return {k: _hide(options[k], v) if k in options else v for k, v in value.items()}
    return value


def shown(provider: str, settings: dict[str, Any]) -> dict[str, Any]:
    """A cluster's settings as a plan may show them: the modules' secrets (user scripts, keys) hidden."""
    specs = cluster_key_specs(provider)
    return {key: _hide(specs[key], value) if key in specs else value for key, value in settings.items()}


def merge(base: Any, override: Any) -> Any:
    """``override`` over ``base``: mappings merged key by key, anything else replaced; ``None`` removes a key."""
    if not isinstance(base, dict) or not isinstance(override, dict):
        return copy.deepcopy(override)
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge(merged.get(key), value) if key in merged else copy.deepcopy(value)
    return merged


def check_connections(connections: Any) -> list[str]:
    if not isinstance(connections, dict) or not connections:
        return ["connections: a mapping of connection names to connection options is required"]
    problems = []
    spec = connection_argument_spec()
    for name, options in connections.items():
        where = f"connection {name!r}"
        if not isinstance(options, dict):
            problems.append(f"{where}: must be a mapping of connection options")
            continue
        if options.get("provider") not in PROVIDER_CHOICES:
            problems.append(f"{where}: provider must be one of {', '.join(PROVIDER_CHOICES)}")
            continue
        result = ArgumentSpecValidator(spec).validate(copy.deepcopy(options))
        for unsupported in sorted(result.unsupported_parameters, key=str):
            path = ".".join(unsupported) if isinstance(unsupported, tuple) else unsupported
            problems.append(f"{where}: unknown key {path!r}")
        problems += [f"{where}: {e.msg}" for e in result.errors if type(e).__name__ != "UnsupportedError"]
    return problems


def check_defaults(defaults: Any) -> list[str]:
    if not isinstance(defaults, dict):
        return ["defaults: must be a mapping of provider names to cluster settings"]
    problems = []
    for provider, settings in defaults.items():
        if provider not in PROVIDER_CHOICES:
            problems.append(f"defaults: {provider!r} is not a provider (one of {', '.join(PROVIDER_CHOICES)})")
        elif not isinstance(settings, dict):
            problems.append(f"defaults.{provider}: must be a mapping of cluster settings")
        elif any(key in settings for key in ("name", "connection")):
            problems.append(f"defaults.{provider}: name and connection belong to each cluster, not to the defaults")
    return problems


def expand(fleet: Any) -> list[dict[str, Any]]:
    """The clusters of a fleet document, defaults applied and checked; raises FleetError listing every problem.

    Each entry: ``host`` (inventory name), ``name``, ``provider``, ``connection`` (its name),
    ``labels``, ``connection_options`` (module options, ``provider`` included), ``spec``
    (the merged settings: the cluster role's ``cluster_spec`` without connection, or the
    namespaces and workloads of an ECNS cluster) and ``shown`` (``spec`` with the modules'
    secrets hidden, for the plan).
    """
    if not isinstance(fleet, dict):
        raise FleetError("fleet file: the document must be a mapping with connections, defaults and clusters")
    problems = [f"fleet file: unknown top-level key {key!r}" for key in fleet if key not in TOP_KEYS]
    connections = fleet.get("connections")
    problems += check_connections(connections)
    defaults = fleet.get("defaults") or {}
    problems += check_defaults(defaults)
    clusters = fleet.get("clusters")
    if not isinstance(clusters, list):
        problems.append("clusters: a list of clusters is required")
        clusters = []
    entries = []
    seen: set[tuple[str, str]] = set()
    for index, cluster in enumerate(clusters):
        if not isinstance(cluster, dict):
            problems.append(f"clusters[{index}]: must be a mapping")
            continue
        connection = cluster.get("connection")
        if not isinstance(connections, dict) or connection not in connections:
            known = ", ".join(map(str, connections)) if isinstance(connections, dict) else "none"
            problems.append(
                f"cluster {cluster.get('name')!r}: connection {connection!r} is not declared (declared: {known})"
            )
            continue
        options = connections[connection]
        provider = options.get("provider") if isinstance(options, dict) else None
        if provider not in PROVIDER_CHOICES:
            continue  # reported with the connection
        merged = merge(defaults.get(provider) if isinstance(defaults.get(provider), dict) else {}, cluster)
        problems += check_cluster(merged, provider)
        identity = (str(connection), str(cluster.get("name")))
        if identity in seen:
            problems.append(f"{_where(cluster, provider)}: declared twice on the same connection")
        seen.add(identity)
        settings = {k: v for k, v in merged.items() if k not in FLEET_KEYS}
        entries.append(
            {
                "host": f"{cluster.get('name')}@{connection}",
                "name": cluster.get("name"),
                "provider": provider,
                "connection": connection,
                "labels": merged.get("labels") or {},
                "connection_options": copy.deepcopy(options),
                "spec": settings,
                "shown": shown(provider, settings),
            }
        )
    if problems:
        raise FleetError("the fleet file has {} problem(s):\n- {}".format(len(problems), "\n- ".join(problems)))
    return entries


class _StrictLoader(yaml.SafeLoader):
    """YAML that refuses a key given twice in one mapping (PyYAML keeps the last one silently)."""


def _no_duplicate_keys(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in mapping:
            raise FleetError(f"fleet file line {key_node.start_mark.line + 1}: key {key!r} is given twice")
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicate_keys)


def load(path: str | Path) -> Any:
    """The fleet document in ``path``; a key given twice is an error, not a silent override."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise FleetError(f"fleet file {path}: {error.strerror or error}") from None
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.YAMLError as error:
        raise FleetError(f"fleet file {path} is not valid YAML: {error}") from None
