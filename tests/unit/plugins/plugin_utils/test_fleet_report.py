"""The fleet report's model and its JSON, CSV and HTML texts, from host variables shaped as the inventory's.

Every provider's shape is here (NKS with node groups, IP ACL and certificate; ITCare and ECNS
with node hosts; deployme with none), so a figure computed for one provider only fails here.
"""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest

from ansible_collections.kaas.cloud.plugins.plugin_utils import fleet_report
from ansible_collections.kaas.cloud.plugins.plugin_utils.fleet_report import (
    ReportError,
    build_report,
    health,
    plan_entries,
    render_data,
    version_key,
)
from ansible_collections.kaas.cloud.plugins.plugin_utils.fleet_report_html import to_html


def cluster(provider, name, version=None, status=None, **extra):
    host = {
        "kaas_provider": provider,
        "kaas_cluster_name": name,
        "kaas_cluster_id": f"{provider}-{name}",
        "kaas_kubernetes_version": version,
        "kaas_status": status,
        "kaas_node_count": extra.pop("node_count", None),
        "kaas_flavor": extra.pop("flavor", None),
        "kaas_cluster": extra.pop("view", {}),
    }
    host.update(extra)
    return {k: v for k, v in host.items() if v is not None}


def node(provider, name, flavor, group=None, role="worker"):
    return {
        "kaas_provider": provider,
        "kaas_cluster_id": f"{provider}-{name}",
        "kaas_flavor": flavor,
        "kaas_node_group": group,
        "kaas_role": role,
    }


NKS_GROUPS = [
    {
        "name": "default-worker",
        "node_count": 3,
        "node_size": "m2.c4m8",
        "version": "v1.29.3",
        "nks": {"autoscaler_enabled": True, "min_node_count": 2, "max_node_count": 6},
    },
    {
        "name": "gpu",
        "node_count": 1,
        "node_size": "g2",
        "version": "v1.29.3",
        "nks": {"autoscaler_enabled": False, "min_node_count": 1, "max_node_count": None},
    },
]
SUPPORTED = {
    "nks/kr1": [{"version": v, "usable": u} for v, u in (("v1.26.3", False), ("v1.29.3", True), ("v1.30.3", True))]
}


def fleet():
    clusters = [
        cluster(
            "nks",
            "web",
            "v1.29.3",
            "UPDATE_COMPLETE",
            node_count=4,
            kaas_region="kr1",
            view={"nks": {"certificate_valid_days": 12, "certificate_expiry": "2027-01-01T00:00:00+00:00"}},
            fleet_report_details={
                "node_groups": NKS_GROUPS,
                "ip_acl": {"enabled": True, "action": "ALLOW", "targets": [{"cidr": "203.0.113.0/24"}]},
                "region": "kr1",
            },
        ),
        cluster(
            "nks",
            "old",
            "v1.26.3",
            "CREATE_COMPLETE",
            node_count=1,
            kaas_region="kr1",
            view={"nks": {"certificate_valid_days": 400}},
            fleet_report_details={
                "node_groups": [{**NKS_GROUPS[1], "name": "default-worker"}],
                "ip_acl": {"enabled": False},
                "region": "kr1",
            },
        ),
        cluster("nks", "unread", "v1.30.3", "CREATE_IN_PROGRESS", node_count=2, kaas_region="kr1"),
        cluster(
            "deployme",
            "dm",
            "v1.31.0",
            "running",
            node_count=5,
            flavor="large",
            view={"node_count": 3, "node_size": "large"},
        ),
        cluster("itcare", "it-old", "v1.29.10", "ACTIVE", node_count=2),
        cluster("itcare", "it-new", "v1.31.2", "error", node_count=1),
        cluster("ecns", "east", node_count=3),
    ]
    nodes = [
        node("itcare", "it-old", "2cpu4gb", "eb-a-2cpu4gb-ingress", "ingress"),
        node("itcare", "it-old", "2cpu4gb", "eb-b-2cpu4gb"),
        node("itcare", "it-new", "4cpu8gb", "eb-a-4cpu8gb"),
        node("ecns", "east", "8cpu-16Gi", None, "master"),
        node("ecns", "east", "8cpu-16Gi", None),
        node("ecns", "east", "4cpu-8Gi", None),
    ]
    return clusters, nodes


PLAN = {
    "clusters": [
        {"provider": "nks", "name": "web", "action": "unchanged", "changes": [], "refused": []},
        {
            "provider": "nks",
            "name": "old",
            "action": "change",
            "changes": [{"key": "version", "before": "v1.26.3", "after": "v1.27.3"}],
            "refused": [],
        },
        {
            "provider": "itcare",
            "name": "it-old",
            "action": "refused",
            "refused": [{"key": "node_size", "reason": "fixed"}],
        },
        {"provider": "deployme", "name": "dm-new", "action": "create", "changes": [{"key": "node_count", "after": 2}]},
        {"provider": "ecns", "name": "east", "action": "failed", "error": "503 <b>busy</b>"},
    ],
    "summary": {},
}


def rows(report):
    return {(r["provider"], r["name"]): r for r in report["clusters"]}


@pytest.fixture
def report():
    clusters, nodes = fleet()
    return build_report(clusters, nodes, SUPPORTED, PLAN, "2026-01-01 00:00 UTC")


@pytest.mark.parametrize(
    ("version", "key"),
    [("v1.29.3", (1, 29, 3)), ("1.30", (1, 30, 0)), ("v1.29.3+rke2r1", (1, 29, 3)), ("latest", None), (None, None)],
)
def test_version_key(version, key):
    assert version_key(version) == key


@pytest.mark.parametrize(
    ("status", "meaning"),
    [
        ("running", "ready"),
        ("CREATE_COMPLETE", "ready"),
        ("ACTIVE", "ready"),
        ("Ready", "ready"),
        ("provisioning", "changing"),
        ("UPDATE_IN_PROGRESS", "changing"),
        ("UPDATING", "changing"),
        ("CREATE_FAILED", "failed"),
        ("error", "failed"),
        (None, "not reported"),
        ("HANDOVER", "other"),
    ],
)
def test_every_providers_status_has_a_meaning(status, meaning):
    assert health(status) == meaning


def test_versions_are_measured_against_the_providers_usable_list_else_the_fleet(report):
    by = rows(report)
    # NKS lists its versions: the newest usable is the mark; an unusable one is "not offered".
    assert by[("nks", "web")]["latest_version"] == "v1.30.3" and by[("nks", "web")]["minors_behind"] == 1
    assert by[("nks", "old")]["minors_behind"] == 4 and by[("nks", "old")]["supported"] is False
    assert by[("nks", "unread")]["minors_behind"] == 0 and by[("nks", "web")]["versions_from"] == "provider"
    # ITCare and deployme list none through the modules: the newest of their clusters is the mark.
    assert by[("itcare", "it-old")]["latest_version"] == "v1.31.2" and by[("itcare", "it-old")]["minors_behind"] == 2
    assert by[("itcare", "it-old")]["versions_from"] == "fleet" and by[("itcare", "it-old")]["supported"] is None
    assert by[("deployme", "dm")]["minors_behind"] == 0
    # ECNS reports no version at all.
    assert by[("ecns", "east")]["minors_behind"] is None and by[("ecns", "east")]["versions_from"] == "none"
    assert report["versions"]["nks"]["versions"] == ["v1.29.3", "v1.30.3"]
    assert report["summary"]["behind"] == 3


def test_a_major_version_apart_counts_as_behind():
    clusters = [cluster("itcare", "a", "v1.31.0"), cluster("itcare", "b", "v2.0.1")]
    by = rows(build_report(clusters))
    assert by[("itcare", "a")]["minors_behind"] == 1 and by[("itcare", "b")]["minors_behind"] == 0


def test_node_counts_and_sizes_for_every_provider(report):
    by = rows(report)
    assert by[("itcare", "it-old")]["node_sizes"] == {"2cpu4gb": 2}
    assert by[("itcare", "it-old")]["node_roles"] == {"ingress": 1, "worker": 1}
    assert by[("ecns", "east")]["node_sizes"] == {"4cpu-8Gi": 1, "8cpu-16Gi": 2}
    # deployme lists no nodes: its workers have its node size, the rest are control planes.
    assert by[("deployme", "dm")]["node_sizes"] == {"control plane": 2, "large": 3}
    assert by[("deployme", "dm")]["node_count"] == 5
    # NKS node groups come from nodegroup_info, with their autoscalers.
    assert [(g["name"], g["autoscaler"]) for g in by[("nks", "web")]["node_groups"]] == [
        ("default-worker", {"enabled": True, "min": 2, "max": 6}),
        ("gpu", {"enabled": False, "min": 1, "max": None}),
    ]
    assert [g["name"] for g in by[("itcare", "it-old")]["node_groups"]] == ["eb-a-2cpu4gb-ingress", "eb-b-2cpu4gb"]
    assert all(g["autoscaler"] is None for g in by[("itcare", "it-old")]["node_groups"])
    assert report["summary"]["nodes"] == 4 + 1 + 2 + 5 + 2 + 1 + 3


def test_ip_acl_and_certificate_say_on_off_unknown_or_not_offered(report):
    by = rows(report)
    assert by[("nks", "web")]["ip_acl"] == {"state": "on", "action": "ALLOW", "targets": 1}
    assert by[("nks", "old")]["ip_acl"] == {"state": "off"}
    assert by[("nks", "unread")]["ip_acl"] == {"state": "unknown"}
    assert by[("nks", "web")]["certificate"]["state"] == "expiring"
    assert by[("nks", "old")]["certificate"] == {"state": "valid", "days_left": 400, "expiry": None}
    for provider, name in (("deployme", "dm"), ("itcare", "it-old"), ("ecns", "east")):
        assert by[(provider, name)]["ip_acl"] == {"state": "not offered"}
        assert by[(provider, name)]["certificate"] == {"state": "not offered"}
    assert report["summary"]["ip_acl_off"] == 1 and report["summary"]["certificates_expiring"] == 1


def test_a_cluster_not_read_says_why(report):
    by = rows(report)
    assert "no connection for nks" in by[("nks", "unread")]["read_error"]
    assert by[("nks", "web")]["read_error"] is None and by[("itcare", "it-old")]["read_error"] is None
    failed = build_report([cluster("nks", "x", fleet_report_details={"error": "401 from NKS"})])
    assert failed["clusters"][0]["read_error"] == "401 from NKS"


def test_drift_per_cluster_and_declared_clusters_that_do_not_exist(report):
    by = rows(report)
    assert by[("nks", "old")]["drift"]["changes"] == [{"key": "version", "before": "v1.26.3", "after": "v1.27.3"}]
    assert by[("itcare", "it-old")]["drift"]["action"] == "refused"
    assert by[("ecns", "east")]["drift"]["error"] == "503 <b>busy</b>"
    assert by[("deployme", "dm")]["drift"] is None
    assert (
        by[("deployme", "dm-new")]["status"] == "absent" and by[("deployme", "dm-new")]["drift"]["action"] == "create"
    )
    assert report["summary"]["drift"] == {"unchanged": 1, "change": 1, "refused": 1, "create": 1, "failed": 1}
    assert report["summary"]["clusters"] == 7
    assert build_report(fleet()[0])["summary"]["drift"] is None


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        ("{not json", "not JSON"),
        ({"summary": {}}, "must hold"),
        ({"clusters": [{"name": "x", "action": "change"}]}, "no provider or name"),
        ({"clusters": [{"provider": "nks", "name": "x", "action": "delete"}]}, "action 'delete' is not one of"),
    ],
)
def test_a_plan_of_another_shape_is_refused_with_the_reason(plan, message):
    with pytest.raises(ReportError, match=message):
        plan_entries(plan)


def test_a_plan_is_read_from_its_json_text_too():
    assert plan_entries(json.dumps(PLAN)) == PLAN["clusters"]
    assert plan_entries("") == [] and plan_entries(None) == []


def test_json_is_the_model(report):
    assert json.loads(render_data(report, "json")) == json.loads(json.dumps(report))


def test_csv_has_one_row_per_cluster_with_flat_columns(report):
    table = list(csv.DictReader(io.StringIO(render_data(report, "csv"))))
    assert tuple(table[0]) == fleet_report.CSV_COLUMNS
    by = {(r["provider"], r["name"]): r for r in table}
    assert len(table) == len(report["clusters"])
    web = by[("nks", "web")]
    assert web["autoscaler_ranges"] == "default-worker 2-6" and web["ip_acl"] == "on"
    assert web["certificate_days_left"] == "12" and web["minors_behind"] == "1" and web["drift"] == "unchanged"
    assert by[("nks", "old")]["autoscaler_ranges"] == "off" and by[("nks", "old")]["drift_keys"] == "version"
    assert by[("deployme", "dm")]["node_sizes"] == "control planex2 largex3"
    assert by[("itcare", "it-old")]["autoscaler_ranges"] == "" and by[("itcare", "it-old")]["drift_keys"] == "node_size"


def test_an_unknown_format_is_refused(report):
    with pytest.raises(ReportError, match="html, json, csv"):
        render_data(report, "xml")


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of script elements."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def test_page_escapes_what_providers_say_and_fetches_nothing():
    hostile = '<img src=x onerror="alert(1)">'
    clusters = [cluster("deployme", hostile, "v1.31.0", "running", node_count=1, flavor="<b>", view={"node_count": 1})]
    plan = {
        "clusters": [{"provider": "deployme", "name": hostile, "action": "failed", "error": "</script><script>x()"}]
    }
    page = to_html(build_report(clusters, plan=plan))
    parsed = Tags()
    parsed.feed(page)
    assert [t for t, _a in parsed.tags if t == "img"] == []
    assert len([t for t, _a in parsed.tags if t == "script"]) == 1 and "x()" not in "".join(parsed.scripts)
    for tag, attributes in parsed.tags:
        for name in ("src", "href"):
            assert attributes.get(name) in (None, "data:,"), (tag, attributes)
    assert not re.search(r"https?://", page)


def test_page_has_every_section_and_sortable_tables(report):
    parsed = Tags()
    page = to_html(report)
    parsed.feed(page)
    ids = {a.get("id") for _t, a in parsed.tags}
    assert {"chart-providers", "chart-versions", "chart-nodes", "chart-sizes", "clusters", "versions", "drift"} <= ids
    sortable = [a["id"] for t, a in parsed.tags if t == "table" and "sortable" in a.get("class", "")]
    assert sortable == ["clusters", "versions", "drift"]
    numbers = [a for t, a in parsed.tags if t == "th" and a.get("data-type") == "number"]
    assert len(numbers) == 3  # minors behind, nodes, certificate days
    assert "Generated 2026-01-01 00:00 UTC" in page
    # Without a plan there is no drift section.
    assert 'id="drift"' not in to_html(build_report(fleet()[0], fleet()[1]))
