# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Upgrades of a fleet in waves: which clusters, to which version each provider offers, in which waves.

``playbooks/fleet_upgrade.yml`` runs the ``kaas.cloud.upgrade`` role on each cluster; this file holds
the decisions around it, as plain functions its filters call: the selection of inventory hosts
(provider, current version, labels), the wave sizes Ansible's ``serial`` takes, the check of the
target against each provider's versions before anything starts, and the summary.
"""

from __future__ import annotations

import re
from typing import Any

PROVIDERS = ("nks", "itcare", "deployme", "ecns")
# Providers whose clusters the upgrade role can move to another Kubernetes version.
UPGRADABLE = ("nks", "itcare")
NO_UPGRADE = {
    "deployme": "deployme chooses the Kubernetes version of its clusters itself and has no upgrade",
    "ecns": "ECNS reports no Kubernetes version of its clusters and has no upgrade through its API",
}
VERSION = re.compile(r"^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+][0-9A-Za-z.-]*)?$")
# A status in which the provider is still working on the cluster: an upgrade a stopped run left running.
BUSY_STATUSES = re.compile(r"IN_PROGRESS|UPDATING|UPGRADING|PENDING", re.IGNORECASE)


class FleetError(ValueError):
    """A setting of the fleet upgrade that cannot work, or a fleet that cannot be upgraded as asked."""


# -- settings ------------------------------------------------------------------------------


def _whole(name: str, value: Any, lowest: int) -> int:
    """``value`` as an int of at least ``lowest`` (surveys give digits as text); no bool, no fraction."""
    if isinstance(value, bool) or not (isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit())):
        raise FleetError(f"{name} must be a whole number of clusters (at least {lowest}), got {value!r}")
    number = int(value)
    if number < lowest:
        raise FleetError(f"{name} must be at least {lowest}, got {number}")
    return number


def waves(canary_size: Any, wave_size: Any) -> list[int]:
    """The play's ``serial``: the canary wave, then waves of ``wave_size`` (Ansible repeats the last).

    A canary of 0 means none. It is never passed to ``serial`` as 0, which Ansible reads as "every host".
    """
    canary = _whole("fleet_upgrade_canary_size", canary_size, 0)
    wave = _whole("fleet_upgrade_wave_size", wave_size, 1)
    return [canary, wave] if canary else [wave]


def max_fail_percentage(value: Any) -> float:
    """The share of a wave (in percent, 0 to 100) that may fail before the upgrade stops."""
    try:
        number = float(value) if not isinstance(value, bool) else None
    except (TypeError, ValueError):
        number = None
    if number is None or not 0 <= number <= 100:
        raise FleetError(f"fleet_upgrade_max_fail_percentage must be a number from 0 to 100, got {value!r}")
    return number


def batches(hosts: list[str], serial: list[int]) -> list[list[str]]:
    """``hosts`` cut into waves as Ansible cuts a play's hosts with this ``serial`` list."""
    found, left, item = [], list(hosts), 0
    while left:
        size = serial[min(item, len(serial) - 1)]
        found.append(left[:size])
        left = left[size:]
        item += 1
    return found


def stops(failed: int, size: int, percentage: float) -> bool:
    """Whether Ansible stops the play after a wave: more than ``percentage`` of it failed, or all of it."""
    return failed > 0 and (failed == size or failed / size > percentage / 100)


def text_list(name: str, value: Any) -> list[str]:
    """A list option that may come from a survey as text: ``"nks, itcare"``; empty means no filter."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    if isinstance(value, (list, tuple)) and all(isinstance(item, (str, int, float)) for item in value):
        return [str(item).strip() for item in value if str(item).strip()]
    raise FleetError(f"{name} must be a list or comma-separated text, got {value!r}")


def parse_labels(value: Any) -> dict[str, str]:
    """``{"environment": "PRODUCTION"}`` from a dict or from survey text ``environment=PRODUCTION,az=EB-A``."""
    if value is None or value == "":
        return {}
    if isinstance(value, dict):
        return {str(key): _label_text(item) for key, item in value.items()}
    if not isinstance(value, str):
        raise FleetError(f"fleet_upgrade_labels must be a dict or key=value text, got {value!r}")
    found = {}
    for item in (part.strip() for part in value.split(",")):
        key, equals, wanted = (part.strip() for part in item.partition("="))
        if not item:
            continue
        if not equals or not key:
            raise FleetError(f"fleet_upgrade_labels: {item!r} is not key=value")
        found[key] = wanted
    return found


def _label_text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def check_providers(providers: list[str]) -> None:
    unknown = sorted(set(providers) - set(PROVIDERS))
    if unknown:
        raise FleetError(f"fleet_upgrade_providers: unknown {', '.join(unknown)}; choose from {', '.join(PROVIDERS)}")


# -- versions ------------------------------------------------------------------------------


def parts(version: Any) -> tuple[int, ...] | None:
    """``(1, 30, 3)`` of ``v1.30.3``, ``(1, 30)`` of ``1.30``; ``None`` for anything else."""
    match = VERSION.match(str(version or "").strip())
    if not match:
        return None
    return tuple(int(part) for part in match.groups() if part is not None)


def same_release(version: Any, wanted: Any) -> bool:
    """Whether ``version`` is ``wanted`` to as many parts as ``wanted`` has (``v1.28.3`` is ``1.28``)."""
    have, want = parts(version), parts(wanted)
    return have is not None and want is not None and have[: len(want)] == want


def check_version(name: str, version: Any) -> str:
    if parts(version) is None:
        raise FleetError(f"{name} must be a Kubernetes version like 1.30 or v1.30.3, got {version!r}")
    return str(version).strip()


# -- selection -----------------------------------------------------------------------------


def cluster_labels(hostvars: dict[str, Any]) -> dict[str, str]:
    """A cluster's labels: the plain values of its provider's attributes (``kaas_cluster.<provider>``)."""
    view = hostvars.get("kaas_cluster") or {}
    block = view.get(hostvars.get("kaas_provider")) or {}
    if not isinstance(block, dict):
        return {}
    return {str(k): _label_text(v) for k, v in block.items() if isinstance(v, (str, int, float, bool))}


def selected(hostvars: dict[str, Any], providers: Any = None, current_versions: Any = None, labels: Any = None) -> bool:
    """Whether an inventory host is a cluster the filters keep; every filter given must match."""
    chosen, want = text_list("fleet_upgrade_providers", providers), parse_labels(labels)
    check_providers(chosen)
    versions = text_list("fleet_upgrade_current_versions", current_versions)
    for version in versions:
        check_version("fleet_upgrade_current_versions", version)
    if hostvars.get("kaas_kind") != "cluster":
        return False
    if chosen and hostvars.get("kaas_provider") not in chosen:
        return False
    if versions and not any(same_release(hostvars.get("kaas_kubernetes_version"), v) for v in versions):
        return False
    have = cluster_labels(hostvars)
    return all(have.get(key) == value for key, value in want.items())


# -- the check before anything starts ------------------------------------------------------


def _name(cluster: dict[str, Any]) -> str:
    return f"{cluster.get('provider')} cluster {cluster.get('cluster')}"


def _refuse(cluster: dict[str, Any], reason: str, supported: list[str]) -> dict[str, Any]:
    return {
        "host": cluster.get("host"),
        "provider": cluster.get("provider"),
        "cluster": cluster.get("cluster"),
        "current": cluster.get("version"),
        "supported": supported,
        "reason": reason,
    }


def _entry(cluster: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"host": cluster.get("host"), "provider": cluster.get("provider"), "cluster": cluster.get("cluster"), **more}


def _resolve(target: str, usable: list[str]) -> str | None:
    """The provider's own version for the fleet's target: NKS's newest usable patch of 1.30, ITCare's 1.30."""
    # ITCare lists products (1.30) and chooses their patch, so a target with a patch matches none of them.
    candidates = [v for v in usable if same_release(v, target)]
    return max(candidates, key=lambda v: parts(v) or (), default=None)


def plan_cluster(cluster: dict[str, Any], target: str) -> tuple[str, dict[str, Any]]:
    """``("upgrade" | "at_target" | "refused", entry)`` for one cluster as its provider reports it."""
    provider, current = cluster.get("provider"), cluster.get("version")
    if cluster.get("read_error"):
        return "refused", _refuse(cluster, f"could not be read: {cluster['read_error']}", [])
    if provider not in UPGRADABLE:
        if same_release(current, target):
            return "at_target", _entry(cluster, version=current)
        reason = NO_UPGRADE.get(str(provider), f"{provider} has no Kubernetes upgrade")
        return "refused", _refuse(cluster, f"runs {current or 'an unknown version'}, not {target}: {reason}", [])
    supported = cluster.get("supported_versions") or []
    usable = [str(v.get("version")) for v in supported if v.get("usable") and parts(v.get("version"))]
    resolved = _resolve(target, usable)
    if resolved is None:
        return "refused", _refuse(cluster, f"{provider} offers no {target} as an upgrade target", usable)
    have = parts(current)
    if have is None:
        return "refused", _refuse(cluster, f"its version {current!r} is not a Kubernetes version", usable)
    want = parts(resolved) or ()
    if have[: len(want)] > want[: len(have)]:
        reason = f"runs {current}, newer than {resolved}: Kubernetes clusters cannot be downgraded"
        return "refused", _refuse(cluster, reason, usable)
    groups = cluster.get("node_groups") or []
    behind = sorted(str(g.get("name")) for g in groups if not same_release(g.get("version"), resolved))
    statuses = [cluster.get("status"), *(g.get("status") for g in groups)]
    busy = any(BUSY_STATUSES.search(str(status or "")) for status in statuses)
    if same_release(current, resolved) and len(have) >= len(want) and not behind and not busy:
        return "at_target", _entry(cluster, version=current)
    return "upgrade", _entry(cluster, current=current, version=resolved, behind=behind, busy=busy)


def plan(clusters: list[dict[str, Any]], target: Any) -> dict[str, Any]:
    """Every selected cluster sorted into to upgrade, already at the target, and refused (with why)."""
    wanted = check_version("fleet_upgrade_version", target)
    sorted_out: dict[str, list[dict[str, Any]]] = {"upgrade": [], "at_target": [], "refused": []}
    for cluster in clusters:
        kind, entry = plan_cluster(cluster, wanted)
        sorted_out[kind].append(entry)
    return {"target": wanted, **sorted_out}


def refusals(planned: dict[str, Any]) -> str:
    """One line per refused cluster: cluster, provider, its version, the target and what the provider offers."""
    lines = []
    for entry in planned.get("refused") or []:
        offered = ", ".join(entry["supported"]) or "none"
        lines.append(f"{_name(entry)} (target {planned['target']}): {entry['reason']} (supported versions: {offered})")
    return "; ".join(lines)


# -- summary -------------------------------------------------------------------------------


def _label(entry: dict[str, Any]) -> str:
    return f"{entry.get('provider')}/{entry.get('cluster')}"


def summary(planned: dict[str, Any], results: list[dict[str, Any]]) -> dict[str, Any]:
    """Upgraded, already at the target, failed (with the error) and not reached, from each cluster's result."""
    by_host = {r.get("host"): r for r in results or [] if isinstance(r, dict) and r.get("host")}
    upgraded, failed, not_reached = [], [], []
    for entry in planned.get("upgrade") or []:
        result = by_host.get(entry["host"])
        if result is None:
            not_reached.append(_label(entry))
        elif result.get("outcome") == "upgraded":
            upgraded.append(_label(entry))
        else:
            failed.append({"cluster": _label(entry), "error": str(result.get("error") or "failed")})
    return {
        "target": planned.get("target"),
        "upgraded": upgraded,
        "already_at_target": [_label(e) for e in planned.get("at_target") or []],
        "failed": failed,
        "not_reached": not_reached,
    }


def wave_report(
    planned: dict[str, Any], results: list[dict[str, Any]], serial: list[int], wave: list[str], percentage: Any
) -> dict[str, Any]:
    """Where the upgrade stands after ``wave`` (the play's batch), and whether Ansible stops after it."""
    share = max_fail_percentage(percentage)
    all_waves = batches([e["host"] for e in planned.get("upgrade") or []], serial)
    number = next((i for i, hosts in enumerate(all_waves, 1) if set(wave) & set(hosts)), 0)
    outcomes = {r.get("host"): r.get("outcome") for r in results or [] if isinstance(r, dict)}
    failed = sum(1 for host in wave if outcomes.get(host) == "failed")
    stopped = stops(failed, len(wave), share)
    return {
        "wave": number,
        "waves": len(all_waves),
        "canary": number == 1 and len(serial) > 1,
        "size": len(wave),
        "failed": failed,
        "stop": stopped,
        "last": stopped or number == len(all_waves),
        "summary": summary(planned, results),
    }


def summary_lines(done: dict[str, Any]) -> list[str]:
    """The summary as a person reads it, one line per kind of outcome."""

    def line(title: str, names: list[str]) -> str:
        return f"{title} ({len(names)}): {', '.join(names) or '-'}"

    failed = [f"{item['cluster']} ({item['error']})" for item in done.get("failed") or []]
    return [
        f"target {done.get('target')}",
        line("upgraded", done.get("upgraded") or []),
        line("already at target", done.get("already_at_target") or []),
        line("failed", failed),
        line("not reached", done.get("not_reached") or []),
    ]


def wave_lines(report: dict[str, Any], percentage: Any) -> list[str]:
    """After a wave: how it went, and the whole summary when the upgrade ends with it."""
    name = "canary wave" if report["canary"] else "wave"
    head = f"{name} {report['wave']} of {report['waves']}: {report['failed']} of {report['size']} failed"
    if report["stop"]:
        head += (
            f", more than {max_fail_percentage(percentage):g}% (fleet_upgrade_max_fail_percentage): "
            "stopping; the later waves are not started"
        )
    return [head, *summary_lines(report["summary"])] if report["last"] else [head]


def plan_lines(planned: dict[str, Any], serial: list[int]) -> list[str]:
    """The plan as a person reads it: the waves in order, then the clusters already at the target."""
    by_host = {e["host"]: e for e in planned.get("upgrade") or []}
    all_waves = batches(list(by_host), serial)
    lines = [f"target {planned.get('target')}: {len(by_host)} clusters to upgrade in {len(all_waves)} waves"]
    for number, hosts in enumerate(all_waves, 1):
        name = "canary wave" if number == 1 and len(serial) > 1 else "wave"
        steps = [f"{_label(by_host[h])} {by_host[h]['current']} -> {by_host[h]['version']}" for h in hosts]
        lines.append(f"{name} {number}: {', '.join(steps)}")
    at_target = [_label(e) for e in planned.get("at_target") or []]
    lines.append(f"already at target ({len(at_target)}): {', '.join(at_target) or '-'}")
    return lines
