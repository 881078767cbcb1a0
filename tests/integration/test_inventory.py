"""``ansible-inventory`` with the ``kaas.cloud.clusters`` plugin against a seeded kaas-emulator.

What a user runs, end to end: the ``*.kaas.yml`` file, the plugin found through the
collection path, groups and host variables in ``--graph`` and ``--list``, a provider
failing with and without ``strict``, and the cache (second run: no request, no
credential in the cache file).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kaas_emulator.server import EmulatorServer
from support.harness import Cloud
from support.inventory import (
    SEED_TIME_SCALE,
    deployme_entry,
    ecns_entry,
    itcare_entry,
    listed,
    members,
    nks_entry,
    run_inventory,
    seed_deployme,
    seed_ecns,
    seed_itcare,
    seed_nks,
    write_source,
)
from support.playbooks import ansible_env, run_ansible

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def emulator():
    with EmulatorServer(time_scale=SEED_TIME_SCALE) as server:
        yield server


@pytest.fixture(scope="module")
def seeded(emulator):
    """Clusters of every provider, shared by the tests.

    NKS: web (2 nodes and a gpu group of 1), db (1); deployme: dm-prod, dm-test (no
    nodes listed); ITCare: it-prod (3 nodes: 2 ingress, 1 worker); ECNS: ecns-prod
    (1 controller, 2 workers) beside the emulator's fixed ecns-east (4) and ecns-west (2).
    """
    cloud = Cloud(emulator.url)
    cloud.reset()
    ids = {
        "web": seed_nks(cloud, "web", 2, {"gpu": 1}),
        "db": seed_nks(cloud, "db", 1),
        "dm-prod": seed_deployme(cloud, "dm-prod", 3),
        "dm-test": seed_deployme(cloud, "dm-test", 1),
        "it-prod": seed_itcare(cloud, "it-prod", 3),
        **seed_ecns(cloud, {"ecns-prod": 3}),
    }
    return cloud, ids


@pytest.fixture
def cloud(seeded):
    cloud, _ids = seeded
    cloud.http.delete(f"{cloud.url}/_emulator/faults").raise_for_status()
    cloud.clear_log()
    return cloud


def both(url: str) -> list[dict]:
    """An entry for each of the four providers (the name predates ITCare and ECNS)."""
    return [nks_entry(url), deployme_entry(url), itcare_entry(url), ecns_entry(url)]


ALL_CLUSTERS = {"web", "db", "dm-prod", "dm-test", "it-prod", "ecns-prod", "ecns-east", "ecns-west"}


def test_graph_shows_every_providers_clusters_nodes_and_groups(cloud, tmp_path):
    source = write_source(tmp_path, both(cloud.url), hosts="both")
    proc = run_inventory(source, "--graph")
    assert proc.returncode == 0, proc.stderr
    graph = proc.stdout
    for group in (
        "@provider_nks:",
        "@provider_deployme:",
        "@cluster_web:",
        "@nodegroup_web_default_worker:",
        "@nodegroup_web_gpu:",
        "@cluster_dm_prod:",
        "@status_create_complete:",
        "@status_running:",
        "@status_active:",
        "@provider_itcare:",
        "@cluster_it_prod:",
        "@nodegroup_it_prod_eb_a_2cpu4gb_ingress:",
        "@nodegroup_it_prod_eb_b_2cpu4gb_ingress:",
        "@nodegroup_it_prod_eb_c_2cpu4gb:",
        "@provider_ecns:",
        "@cluster_ecns_prod:",
        "@cluster_ecns_east:",
        "@status_ready:",
        "@kaas_clusters:",
        "@kaas_nodes:",
    ):
        assert group in graph, graph
    hosts = {line.strip().lstrip("|- ") for line in graph.splitlines() if not line.strip().endswith(":")}
    assert hosts >= ALL_CLUSTERS, graph
    assert {"it-prod-ing-01", "it-prod-ing-02", "it-prod-wrk-03"} <= hosts, graph
    assert {"ecns-prod-master-0", "ecns-prod-worker-0", "ecns-prod-worker-1", "ecns-east-worker-2"} <= hosts, graph
    assert "[WARNING]" not in proc.stderr


def test_list_has_node_and_cluster_hosts_with_their_variables(cloud, tmp_path):
    inventory = listed(write_source(tmp_path, both(cloud.url), hosts="both"))
    hostvars = inventory["_meta"]["hostvars"]
    assert members(inventory, "kaas_clusters") == ALL_CLUSTERS
    # web: 2 + 1 (gpu), db: 1; deployme exposes none; it-prod: 3; ecns: 3 + 4 + 2
    assert len(members(inventory, "kaas_nodes")) == 4 + 3 + 9
    assert members(inventory, "cluster_web") == {"web"} | members(inventory, "nodegroup_web_default_worker") | members(
        inventory, "nodegroup_web_gpu"
    )
    assert len(members(inventory, "nodegroup_web_gpu")) == 1
    assert members(inventory, "provider_deployme") == {"dm-prod", "dm-test"}

    (gpu,) = members(inventory, "nodegroup_web_gpu")
    node = hostvars[gpu]
    assert node["ansible_host"] == node["kaas_address"] and node["ansible_host"].startswith("192.168.0.")
    assert node["kaas_kind"] == "node" and node["kaas_provider"] == "nks"
    assert node["kaas_cluster_name"] == "web" and node["kaas_node_group"] == "gpu" and node["kaas_role"] == "worker"
    # Adding the gpu group was an update of the cluster.
    assert node["kaas_status"] == "ACTIVE" and node["kaas_cluster_status"] == "UPDATE_COMPLETE"
    assert node["kaas_availability_zone"] == "kr2-pub-a" and node["kaas_kubernetes_version"] == "v1.29.3"
    assert node["kaas_flavor"] == "6ef27f21-c774-4c0e-84ff-7dd4a762571f"
    assert node["kaas_api_address"] == hostvars["web"]["kaas_api_address"]
    assert node["kaas_api_address"].startswith("https://")

    cluster = hostvars["dm-prod"]
    assert cluster["kaas_kind"] == "cluster" and cluster["ansible_connection"] == "local"
    assert cluster["kaas_status"] == "running" and cluster["kaas_flavor"] == "small"
    assert cluster["kaas_node_count"] == 4  # 1 control plane + 3 workers
    assert cluster["kaas_cluster"]["node_count"] == 3 and cluster["kaas_api_address"].endswith(":6443")


def test_itcare_and_ecns_nodes_carry_their_group_role_and_address(cloud, seeded, tmp_path):
    _cloud, ids = seeded
    inventory = listed(write_source(tmp_path, both(cloud.url), hosts="both"))
    hostvars = inventory["_meta"]["hostvars"]

    assert members(inventory, "provider_itcare") == {"it-prod", "it-prod-ing-01", "it-prod-ing-02", "it-prod-wrk-03"}
    ingress = hostvars["it-prod-ing-01"]
    assert ingress["kaas_node_group"] == "eb-a-2cpu4gb-ingress" and ingress["kaas_role"] == "ingress"
    assert ingress["ansible_host"] == ingress["kaas_address"] and ingress["ansible_host"].startswith("10.59.")
    assert ingress["kaas_status"] == "ACTIVE" and ingress["kaas_availability_zone"] == "EB-A"
    assert ingress["kaas_flavor"] == "2cpu4gb" and ingress["kaas_cluster_id"] == ids["it-prod"]
    assert hostvars["it-prod-wrk-03"]["kaas_role"] == "worker"
    cluster = hostvars["it-prod"]
    assert cluster["kaas_status"] == "ACTIVE" and cluster["kaas_node_count"] == 3
    assert cluster["kaas_api_address"] == "https://it-prod.k8s.eb.cegedim.cloud"
    assert cluster["kaas_kubernetes_version"] == ingress["kaas_kubernetes_version"]

    assert members(inventory, "cluster_ecns_prod") == {"ecns-prod", "ecns-prod-master-0"} | {
        f"ecns-prod-worker-{n}" for n in range(2)
    }
    master, worker = hostvars["ecns-prod-master-0"], hostvars["ecns-prod-worker-1"]
    assert master["kaas_role"] == "master" and worker["kaas_role"] == "worker"
    assert worker["ansible_host"] == "10.128.0.22" and worker["kaas_status"] == "Ready"
    assert worker["kaas_flavor"] == "8cpu-16Gi" and worker["kaas_provider"] == "ecns"
    assert hostvars["ecns-prod"]["kaas_api_address"] == ids["ecns-prod"] == worker["kaas_api_address"]
    # Nodes are listed by the cluster's API address, never through the session's cluster.
    node_queries = [r["query"] for r in cloud.requests("ecns") if r["path"].endswith("/cluster/nodes/")]
    assert node_queries and all("apiserver_host=https" in query for query in node_queries)


def test_nodes_only_by_default_and_deployme_says_why_it_adds_none(cloud, tmp_path):
    source = write_source(tmp_path, both(cloud.url))
    proc = run_inventory(source, "--list")
    assert proc.returncode == 0, proc.stderr
    assert "deployme does not expose nodes" in proc.stderr
    assert '"dm-prod"' not in proc.stdout and '"web"' not in proc.stdout.split('"_meta"')[0]


def test_filters_and_constructed_options(cloud, seeded, tmp_path):
    entries = [
        nks_entry(cloud.url, filters={"name": ["w*"]}),
        deployme_entry(cloud.url, filters={"status": "RUNNING", "exclude_name": "*-test"}),
    ]
    source = write_source(
        tmp_path,
        entries,
        hosts="both",
        compose={"ansible_user": "'centos'"},
        groups={"gpu_nodes": "kaas_node_group == 'gpu'"},
        keyed_groups=[{"key": "kaas_kubernetes_version", "prefix": "k8s"}],
    )
    inventory = listed(source)
    assert members(inventory, "kaas_clusters") == {"web", "dm-prod"}
    assert len(members(inventory, "gpu_nodes")) == 1
    assert members(inventory, "k8s_v1_31_0") == {"dm-prod"}
    assert inventory["_meta"]["hostvars"]["dm-prod"]["ansible_user"] == "centos"
    # The filtered-out NKS cluster was never read in detail; deployme filtered one status itself.
    _cloud, ids = seeded
    assert not [r for r in cloud.requests("nks") if ids["db"] in r["path"]]
    assert [r["query"] for r in cloud.requests("deployme")] == ["per_page=100&status=running&page=1"]


def test_a_failing_provider_is_a_warning_unless_strict(cloud, tmp_path):
    cloud.faults({"provider": "nks", "path": "^/v1/clusters", "status": 500, "times": None})
    lenient = run_inventory(write_source(tmp_path, both(cloud.url), hosts="both"), "--list")
    assert lenient.returncode == 0, lenient.stderr
    assert "providers[0] (nks" in lenient.stderr and "500" in lenient.stderr and "left out" in lenient.stderr
    assert '"dm-prod"' in lenient.stdout and '"web"' not in lenient.stdout
    assert '"it-prod-wrk-03"' in lenient.stdout and '"ecns-prod-master-0"' in lenient.stdout

    strict = run_inventory(write_source(tmp_path, both(cloud.url), name="strict.kaas.yml", strict=True), "--list")
    assert strict.returncode != 0
    assert "providers[0] (nks" in strict.stderr and "500" in strict.stderr

    cloud.clear_faults()
    cloud.faults({"provider": "ecns", "path": "/cluster/nodes/", "status": 500, "times": None})
    ecns_down = run_inventory(write_source(tmp_path, both(cloud.url), name="ecns.kaas.yml"), "--list")
    assert ecns_down.returncode == 0, ecns_down.stderr
    assert "providers[3] (ecns" in ecns_down.stderr and "left out" in ecns_down.stderr
    assert '"ecns-prod-master-0"' not in ecns_down.stdout and '"it-prod-wrk-03"' in ecns_down.stdout


def test_cached_second_run_sends_no_request_and_caches_no_credential(cloud, tmp_path):
    cache_dir = tmp_path / "cache"
    options = {"hosts": "both", "cache": True, "cache_plugin": "ansible.builtin.jsonfile"}
    source = write_source(tmp_path, both(cloud.url), cache_connection=str(cache_dir), **options)
    first = listed(source)
    assert cloud.requests(), "the first run must list the providers"
    files = list(cache_dir.iterdir())
    assert len(files) == 1
    cached = files[0].read_text()
    listings = json.loads(json.loads(cached)["__payload__"])["listings"]
    names = [{cluster["name"] for cluster in listing["clusters"]} for listing in listings]
    assert names == [{"web", "db"}, {"dm-prod", "dm-test"}, {"it-prod"}, {"ecns-prod", "ecns-east", "ecns-west"}]
    for secret_key in ("auth", "password", "token", "Bearer", "X-Auth-Token", "demo"):
        assert secret_key not in cached

    cloud.clear_log()
    second = listed(source)
    assert cloud.requests() == []
    assert second == first


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"providers": [{"provider": "nks", "passwd": "x"}]}, "providers[0]: unknown key(s) passwd"),
        ({"max_workers": 0}, "max_workers must be 1 or more"),
        ({"hosts": "pods"}, "pods"),
    ],
)
def test_bad_options_fail_before_any_request_even_when_not_strict(cloud, tmp_path, options, message):
    options = {"strict": False, **options}
    source = write_source(tmp_path, options.pop("providers", both(cloud.url)), **options)
    proc = run_inventory(source, "--graph")
    assert proc.returncode != 0 and message in proc.stderr
    assert cloud.requests() == []


def test_a_failed_run_is_not_cached(cloud, tmp_path):
    cache_dir = tmp_path / "cache"
    options = {"cache": True, "cache_plugin": "ansible.builtin.jsonfile", "cache_connection": str(cache_dir)}
    cloud.faults({"provider": "deployme", "status": 500, "times": None})
    listed(write_source(tmp_path, both(cloud.url), hosts="both", **options))
    assert not cache_dir.exists() or not list(cache_dir.iterdir())


def test_credentials_from_the_environment_of_the_modules(cloud, tmp_path):
    env = {"KAAS_PROVIDER": "deployme", "KAAS_API_URL": f"{cloud.url}/deployme", "KAAS_AUTH_TOKEN": "demo"}
    source = write_source(tmp_path, [], hosts="clusters")
    inventory = listed(source, env=env)
    assert members(inventory, "provider_deployme") == {"dm-prod", "dm-test"}


def test_the_documented_example_lists_the_emulator(cloud):
    example = Path(__file__).resolve().parents[2] / "docs" / "examples" / "demo.kaas.yml"
    inventory = listed(example, env={"KAAS_EMULATOR_URL": cloud.url})
    # ECNS clusters have no status, so none is a running cluster.
    assert members(inventory, "running_clusters") == {"web", "db", "dm-prod", "dm-test", "it-prod"}
    assert members(inventory, "cluster_ecns_prod") >= {"ecns-prod", "ecns-prod-master-0"}
    assert members(inventory, "k8s_v1_29_3") >= {"web", "db"}
    node = next(iter(members(inventory, "nodegroup_db_default_worker")))
    assert inventory["_meta"]["hostvars"][node]["ansible_user"] == "centos"
    assert "ansible_user" not in inventory["_meta"]["hostvars"]["web"]


PLAY = """- name: Every deployme cluster host, its module run on the controller
  hosts: provider_deployme
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{{{ ansible_playbook_python }}}}"
  module_defaults:
    group/kaas.cloud.all: {{provider: deployme, api_url: "{url}/deployme", auth: {{token: demo}}}}
  tasks:
    - name: Read the cluster this host stands for
      kaas.cloud.k8s_cluster_info:
        name: "{{{{ kaas_cluster_name }}}}"
      register: found
    - name: It is the cluster the inventory described
      ansible.builtin.assert:
        that:
          - found.clusters | length == 1
          - found.clusters[0].id == kaas_cluster_id
          - found.clusters[0].endpoint == kaas_api_address
"""


def test_a_play_targets_cluster_hosts_and_runs_the_modules_locally(cloud, tmp_path):
    source = write_source(tmp_path, both(cloud.url), hosts="clusters")
    playbook = tmp_path / "play.yml"
    playbook.write_text(PLAY.format(url=cloud.url))
    proc = run_ansible("ansible-playbook", "-i", str(source), str(playbook), env=ansible_env(), timeout=300)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "dm-prod" in proc.stdout and "dm-test" in proc.stdout and "failed=0" in proc.stdout
