"""``ansible-inventory`` with the ``kaas.cloud.clusters`` plugin against a seeded kaas-emulator.

What a user runs, end to end: the ``*.kaas.yml`` file, the plugin found through the
collection path, groups and host variables in ``--graph`` and ``--list``, a provider
failing with and without ``strict``, and the cache (second run: no request, no
credential in the cache file).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kaas_emulator.server import EmulatorServer
from support.harness import Cloud
from support.inventory import (
    REPO,
    SEED_TIME_SCALE,
    deployme_entry,
    listed,
    members,
    nks_entry,
    run_inventory,
    seed_deployme,
    seed_nks,
    write_source,
)

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def emulator():
    with EmulatorServer(time_scale=SEED_TIME_SCALE) as server:
        yield server


@pytest.fixture(scope="module")
def seeded(emulator):
    """Two NKS clusters (one with a second node group) and two deployme clusters, shared by the tests."""
    cloud = Cloud(emulator.url)
    cloud.reset()
    ids = {
        "web": seed_nks(cloud, "web", 2, {"gpu": 1}),
        "db": seed_nks(cloud, "db", 1),
        "dm-prod": seed_deployme(cloud, "dm-prod", 3),
        "dm-test": seed_deployme(cloud, "dm-test", 1),
    }
    return cloud, ids


@pytest.fixture
def cloud(seeded):
    cloud, _ids = seeded
    cloud.http.delete(f"{cloud.url}/_emulator/faults").raise_for_status()
    cloud.clear_log()
    return cloud


def both(url: str) -> list[dict]:
    return [nks_entry(url), deployme_entry(url)]


def test_graph_shows_provider_cluster_nodegroup_and_status_groups(cloud, tmp_path):
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
        "@kaas_clusters:",
        "@kaas_nodes:",
    ):
        assert group in graph, graph
    assert "[WARNING]" not in proc.stderr


def test_list_has_node_and_cluster_hosts_with_their_variables(cloud, tmp_path):
    inventory = listed(write_source(tmp_path, both(cloud.url), hosts="both"))
    hostvars = inventory["_meta"]["hostvars"]
    assert members(inventory, "kaas_clusters") == {"web", "db", "dm-prod", "dm-test"}
    assert len(members(inventory, "kaas_nodes")) == 4  # web: 2 + 1 (gpu), db: 1; deployme exposes none
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

    strict = run_inventory(write_source(tmp_path, both(cloud.url), name="strict.kaas.yml", strict=True), "--list")
    assert strict.returncode != 0
    assert "providers[0] (nks" in strict.stderr and "500" in strict.stderr


def test_cached_second_run_sends_no_request_and_caches_no_credential(cloud, tmp_path):
    cache_dir = tmp_path / "cache"
    options = {"hosts": "both", "cache": True, "cache_plugin": "ansible.builtin.jsonfile"}
    source = write_source(tmp_path, both(cloud.url), cache_connection=str(cache_dir), **options)
    first = listed(source)
    assert cloud.requests(), "the first run must list the providers"
    files = list(cache_dir.iterdir())
    assert len(files) == 1
    cached = files[0].read_text()
    clusters = json.loads(json.loads(cached)["__payload__"])["listings"][0]["clusters"]
    assert {cluster["name"] for cluster in clusters} == {"web", "db"}
    for secret_key in ("auth", "password", "token", "Bearer", "X-Auth-Token", "demo"):
        assert secret_key not in cached

    cloud.clear_log()
    second = listed(source)
    assert cloud.requests() == []
    assert second == first


def test_a_provider_without_a_source_yet_is_a_warning(cloud, tmp_path):
    itcare = {
        "provider": "itcare",
        "api_url": f"{cloud.url}/itcare",
        "auth": {"client_id": "demo", "client_secret": "s"},
    }
    proc = run_inventory(write_source(tmp_path, [itcare, deployme_entry(cloud.url)], hosts="clusters"), "--graph")
    assert proc.returncode == 0, proc.stderr
    assert (
        "providers[0] (itcare" in proc.stderr
        and "cannot be listed yet (providers that can: deployme, nks)" in proc.stderr
    )
    assert "dm-prod" in proc.stdout
    assert cloud.requests("itcare") == []


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
    assert members(inventory, "running_clusters") == {"web", "db", "dm-prod", "dm-test"}
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
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAAS_", "ANSIBLE_"))}
    env.update(ANSIBLE_COLLECTIONS_PATH=str(REPO / ".build" / "collections"), ANSIBLE_NOCOLOR="1")
    command = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", str(source), str(playbook)]
    proc = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "dm-prod" in proc.stdout and "dm-test" in proc.stdout and "failed=0" in proc.stdout
