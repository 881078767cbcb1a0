# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet report's figures, from what the inventory and the info modules read.

``playbooks/fleet_report.yml`` lists the fleet with the ``kaas.cloud.clusters`` inventory
(cluster hosts and node hosts), reads on each cluster what the inventory does not hold (node
groups and their autoscalers, the API endpoint's IP access control) with the info modules, and
the versions each provider offers with ``kaas.cloud.k8s_cluster_info``. This module turns those
host variables into one model (:func:`build_report`), the same for the three formats: the JSON
file is the model, the CSV file one row per cluster, the HTML page (``fleet_report_html.py``)
its pictures and tables. Nothing here sends a request.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from typing import Any

FORMATS = ("html", "json", "csv")
PLAN_ACTIONS = ("create", "change", "unchanged", "refused", "undeclared", "failed")
VERSION = re.compile(r"^v?(\d+)\.(\d+)(?:\.(\d+))?")
# What a provider's API has no notion of: said in the report rather than left blank, so that
# "off" and "not offered" are never confused. docs/providers/matrix.md is the source.
OFFERS_AUTOSCALER = {"nks"}
OFFERS_IP_ACL = {"nks"}
OFFERS_CERTIFICATE = {"nks"}
CSV_COLUMNS = (
    "provider",
    "region",
    "name",
    "id",
    "status",
    "version",
    "latest_version",
    "minors_behind",
    "node_count",
    "node_sizes",
    "autoscaler_ranges",
    "ip_acl",
    "certificate_days_left",
    "certificate_expiry",
    "drift",
    "drift_keys",
    "api_address",
)


HEALTH = ("ready", "changing", "failed", "not reported", "other")
READY = re.compile(r"complete$|^(running|active|ready)$", re.IGNORECASE)
CHANGING = re.compile(
    r"in_progress$|^(provisioning|scaling|upgrading|deleting|updating|creating|pending)$", re.IGNORECASE
)
FAILED = re.compile(r"fail|^error$", re.IGNORECASE)


def health(status: str | None) -> str:
    """What a provider's status word means, the same for all: ready, changing, failed..."""
    if status is None:
        return "not reported"
    for word, pattern in (("failed", FAILED), ("changing", CHANGING), ("ready", READY)):
        if pattern.search(status):
            return word
    return "other"


class ReportError(ValueError):
    """Input the report cannot use (an unknown format, a plan file of another shape)."""


def version_key(version: Any) -> tuple[int, int, int] | None:
    """``(1, 29, 3)`` for ``v1.29.3`` (``1.30`` gives ``(1, 30, 0)``); ``None`` when it is no version."""
    match = VERSION.match(str(version or "").strip())
    if not match:
        return None
    return int(match[1]), int(match[2]), int(match[3] or 0)


def minor(version: Any) -> str | None:
    key = version_key(version)
    return f"{key[0]}.{key[1]}" if key else None


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _node_summary(cluster: dict[str, Any], nodes: list[dict[str, Any]]) -> dict[str, Any]:
    """The cluster's node count and sizes: its node hosts, else (deployme) its own counts."""
    if nodes:
        sizes = Counter(str(node.get("kaas_flavor") or "unknown") for node in nodes)
        roles = Counter(str(node.get("kaas_role") or "unknown") for node in nodes)
        count = len(nodes)
    else:
        # No node hosts (deployme lists no nodes): its workers have the cluster's node size, the
        # rest of its nodes are control planes.
        view = cluster.get("kaas_cluster") or {}
        count, workers, flavor = cluster.get("kaas_node_count"), view.get("node_count"), view.get("node_size")
        sizes = Counter()
        if isinstance(workers, int) and workers:
            sizes[str(flavor or "unknown")] = workers
        if isinstance(count, int) and isinstance(workers, int) and count > workers:
            sizes["control plane"] = count - workers
        roles = Counter()
    declared = cluster.get("kaas_node_count")
    return {
        "node_count": declared if isinstance(declared, int) else count,
        "node_sizes": dict(sorted(sizes.items())),
        "node_roles": dict(sorted(roles.items())),
    }


def _node_groups(provider: str, details: dict[str, Any], nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Node groups as the info module read them, else as the node hosts are grouped."""
    read = details.get("node_groups")
    if read is not None:
        groups = []
        for group in read:
            block = group.get(provider) or {}
            autoscaler = None
            if provider in OFFERS_AUTOSCALER:
                autoscaler = {
                    "enabled": bool(block.get("autoscaler_enabled")),
                    "min": block.get("min_node_count"),
                    "max": block.get("max_node_count"),
                }
            groups.append(
                {
                    "name": group.get("name"),
                    "node_count": group.get("node_count"),
                    "node_size": _text(group.get("node_size")),
                    "version": _text(group.get("version")),
                    "autoscaler": autoscaler,
                }
            )
        return sorted(groups, key=lambda g: str(g["name"]))
    by_group: dict[str, list[dict[str, Any]]] = {}
    for node in nodes:
        by_group.setdefault(str(node.get("kaas_node_group") or node.get("kaas_role") or "nodes"), []).append(node)
    return [
        {
            "name": name,
            "node_count": len(members),
            "node_size": ", ".join(sorted({str(n.get("kaas_flavor") or "unknown") for n in members})),
            "version": None,
            "autoscaler": None,
        }
        for name, members in sorted(by_group.items())
    ]


def _ip_acl(provider: str, details: dict[str, Any]) -> dict[str, Any]:
    if provider not in OFFERS_IP_ACL:
        return {"state": "not offered"}
    acl = details.get("ip_acl")
    if not isinstance(acl, dict):
        return {"state": "unknown"}
    if not acl.get("enabled"):
        return {"state": "off"}
    return {"state": "on", "action": acl.get("action"), "targets": len(acl.get("targets") or [])}


def _certificate(provider: str, view: dict[str, Any]) -> dict[str, Any]:
    if provider not in OFFERS_CERTIFICATE:
        return {"state": "not offered"}
    block = view.get(provider) or {}
    days, expiry = block.get("certificate_valid_days"), block.get("certificate_expiry")
    if days is None:
        return {"state": "unknown", "expiry": _text(expiry)}
    return {"state": "expiring" if days < 30 else "valid", "days_left": days, "expiry": _text(expiry)}


def _offered(provider: str, region: str | None, supported: dict[str, Any], fleet_versions: list[str]) -> dict[str, Any]:
    """The versions to measure a cluster against: the provider's list, else the newest in the fleet."""
    # The cluster's region's list, else the provider's, else (the report's own table) any region's.
    regions = [listed for key, listed in sorted(supported.items()) if key.startswith(f"{provider}/")]
    listed = supported.get(f"{provider}/{region or ''}") or supported.get(provider) or (regions[0] if regions else None)
    if listed:
        usable = [v["version"] for v in listed if v.get("usable", True) and version_key(v.get("version"))]
        if usable:
            return {
                "source": "provider",
                "versions": sorted(usable, key=version_key),
                "latest": max(usable, key=version_key),
            }
    known = [v for v in fleet_versions if version_key(v)]
    if not known:
        return {"source": "none", "versions": [], "latest": None}
    return {"source": "fleet", "versions": sorted(set(known), key=version_key), "latest": max(known, key=version_key)}


def _behind(version: Any, offered: dict[str, Any]) -> int | None:
    """Minor versions between the cluster and the newest offered (0: up to date); ``None`` when unknown."""
    mine, latest = version_key(version), version_key(offered.get("latest"))
    if mine is None or latest is None:
        return None
    if latest[0] != mine[0]:
        return int(latest > mine)
    return max(0, latest[1] - mine[1])


def _read_error(provider: str, details: dict[str, Any]) -> str | None:
    """Why the settings the inventory does not hold are missing from a cluster's row, if they are."""
    if details.get("error"):
        return str(details["error"])
    if provider in OFFERS_AUTOSCALER | OFFERS_IP_ACL and "node_groups" not in details:
        return f"not read: no connection for {provider} (fleet_report_connections, or KAAS_PROVIDER={provider})"
    return None


def plan_entries(plan: Any) -> list[dict[str, Any]]:
    """The clusters of a plan file (``fleet.yml --check -e fleet_plan_output=...``), checked for shape."""
    if plan in (None, ""):
        return []
    if isinstance(plan, str):
        try:
            plan = json.loads(plan)
        except ValueError as error:
            raise ReportError(f"the plan file is not JSON: {error}") from None
    clusters = plan.get("clusters") if isinstance(plan, dict) else plan
    if not isinstance(clusters, list):
        raise ReportError('the plan file must hold {"clusters": [...], "summary": {...}} as fleet.yml writes it')
    entries = []
    for number, entry in enumerate(clusters, 1):
        if not isinstance(entry, dict) or not entry.get("provider") or not entry.get("name"):
            raise ReportError(f"plan cluster {number} has no provider or name: {entry!r}")
        if entry.get("action") not in PLAN_ACTIONS:
            raise ReportError(
                f"plan cluster {entry['provider']}/{entry['name']}: action {entry.get('action')!r} is not one of "
                f"{', '.join(PLAN_ACTIONS)}"
            )
        entries.append(entry)
    return entries


def _drift(entry: dict[str, Any] | None) -> dict[str, Any] | None:
    if entry is None:
        return None
    return {
        "action": entry["action"],
        "changes": [dict(c) for c in entry.get("changes") or []],
        "refused": [dict(r) for r in entry.get("refused") or []],
        "error": _text(entry.get("error")),
    }


def build_report(
    clusters: list[dict[str, Any]],
    nodes: list[dict[str, Any]] | None = None,
    supported: dict[str, Any] | None = None,
    plan: Any = None,
    generated_at: str | None = None,
) -> dict[str, Any]:
    """The report's model from the cluster hosts' and node hosts' variables.

    ``clusters`` are cluster hosts' variables (``kaas_*`` of the inventory, plus
    ``fleet_report_details``: ``node_groups``, ``ip_acl``, ``error``); ``nodes`` the node
    hosts'; ``supported`` the versions a provider lists, by ``provider/region`` or provider;
    ``plan`` the fleet plan (a dict, its JSON text, or nothing).
    """
    supported = supported or {}
    by_cluster: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for node in nodes or []:
        by_cluster.setdefault((str(node.get("kaas_provider")), str(node.get("kaas_cluster_id"))), []).append(node)
    entries = plan_entries(plan)
    planned = {(e["provider"], e["name"]): e for e in entries}
    fleet_versions: dict[str, list[str]] = {}
    for host in clusters:
        if host.get("kaas_kubernetes_version"):
            fleet_versions.setdefault(str(host.get("kaas_provider")), []).append(str(host["kaas_kubernetes_version"]))

    rows = []
    for host in clusters:
        provider, name = str(host.get("kaas_provider")), str(host.get("kaas_cluster_name"))
        region = _text(host.get("kaas_region"))
        details = host.get("fleet_report_details") or {}
        view = host.get("kaas_cluster") or {}
        members = by_cluster.get((provider, str(host.get("kaas_cluster_id"))), [])
        offered = _offered(provider, region, supported, fleet_versions.get(provider, []))
        version = _text(host.get("kaas_kubernetes_version"))
        rows.append(
            {
                "provider": provider,
                "region": region,
                "name": name,
                "id": _text(host.get("kaas_cluster_id")),
                "status": _text(host.get("kaas_status")) or "not reported",
                "health": health(_text(host.get("kaas_status"))),
                "version": version,
                "latest_version": offered["latest"],
                "versions_from": offered["source"],
                "minors_behind": _behind(version, offered),
                "supported": None if offered["source"] != "provider" else version in offered["versions"],
                **_node_summary(host, members),
                "node_groups": _node_groups(provider, details, members),
                "ip_acl": _ip_acl(provider, details),
                "certificate": _certificate(provider, view),
                "api_address": _text(host.get("kaas_api_address")),
                "drift": _drift(planned.pop((provider, name), None)),
                "read_error": _read_error(provider, details),
            }
        )
    # Declared but not there: the plan creates them (or failed to read them).
    for (provider, name), entry in planned.items():
        rows.append(_absent_row(provider, name, entry))
    rows.sort(key=lambda r: (r["provider"], r["name"], r["id"] or ""))
    return {
        "generated_at": generated_at,
        "clusters": rows,
        "summary": _summary(rows, bool(entries)),
        "versions": {
            provider: _offered(provider, None, supported, found) for provider, found in fleet_versions.items()
        },
    }


def _absent_row(provider: str, name: str, entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "provider": provider,
        "region": None,
        "name": name,
        "id": None,
        "status": "absent",
        "health": "not reported",
        "version": None,
        "latest_version": None,
        "versions_from": "none",
        "minors_behind": None,
        "supported": None,
        "node_count": None,
        "node_sizes": {},
        "node_roles": {},
        "node_groups": [],
        "ip_acl": {"state": "unknown"},
        "certificate": {"state": "unknown"},
        "api_address": None,
        "drift": _drift(entry),
        "read_error": None,
    }


def _summary(rows: list[dict[str, Any]], planned: bool) -> dict[str, Any]:
    present = [r for r in rows if r["status"] != "absent"]
    providers: dict[str, dict[str, int]] = {}
    healths: dict[str, dict[str, int]] = {}
    for row in present:
        for counts, key in ((providers, row["status"]), (healths, row["health"])):
            counts.setdefault(row["provider"], {})
            counts[row["provider"]][key] = counts[row["provider"]].get(key, 0) + 1
    return {
        "clusters": len(present),
        "nodes": sum(r["node_count"] or 0 for r in present),
        "providers": {p: dict(sorted(s.items())) for p, s in sorted(providers.items())},
        "health": {p: dict(sorted(s.items())) for p, s in sorted(healths.items())},
        "behind": sum(1 for r in present if (r["minors_behind"] or 0) > 0),
        "ip_acl_off": sum(1 for r in present if r["ip_acl"]["state"] == "off"),
        "certificates_expiring": sum(1 for r in present if r["certificate"]["state"] == "expiring"),
        "drift": dict(Counter(r["drift"]["action"] for r in rows if r["drift"])) if planned else None,
    }


def autoscaler_ranges(row: dict[str, Any]) -> str:
    """``batch 2-6`` per node group whose autoscaler is on; ``off``, or empty where the provider has none."""
    groups = [g for g in row["node_groups"] if g["autoscaler"] is not None]
    if not groups:
        return ""
    on = [
        f"{g['name']} {g['autoscaler']['min']}-{g['autoscaler']['max']}" for g in groups if g["autoscaler"]["enabled"]
    ]
    return "; ".join(on) or "off"


def to_csv(report: dict[str, Any]) -> str:
    """One row per cluster, flat columns (sizes as ``flavorxcount``)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in report["clusters"]:
        drift = row["drift"] or {}
        writer.writerow(
            {
                **{key: row.get(key) for key in CSV_COLUMNS if key in row},
                "node_sizes": " ".join(f"{size}x{count}" for size, count in row["node_sizes"].items()),
                "autoscaler_ranges": autoscaler_ranges(row),
                "ip_acl": row["ip_acl"]["state"],
                "certificate_days_left": row["certificate"].get("days_left"),
                "certificate_expiry": row["certificate"].get("expiry"),
                "drift": drift.get("action"),
                "drift_keys": " ".join(c["key"] for c in [*drift.get("changes", []), *drift.get("refused", [])]),
            }
        )
    return out.getvalue()


def render_data(report: dict[str, Any], output_format: str) -> str:
    """The JSON or CSV text of the report (the page is ``fleet_report_html.to_html``)."""
    if output_format == "json":
        return json.dumps(report, indent=2, sort_keys=True) + "\n"
    if output_format == "csv":
        return to_csv(report)
    raise ReportError(f"fleet_report_format must be one of {', '.join(FORMATS)}, got {output_format!r}")
