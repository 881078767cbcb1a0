"""The ``kaas.cloud.fleet_report`` filter: the format chosen, and bad input as an Ansible error."""

from __future__ import annotations

import json

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.kaas.cloud.plugins.filter.fleet_report import FilterModule

CLUSTERS = [
    {
        "kaas_provider": "deployme",
        "kaas_cluster_name": "dm",
        "kaas_cluster_id": "cls_1",
        "kaas_status": "running",
        "kaas_kubernetes_version": "v1.31.0",
        "kaas_node_count": 2,
        "kaas_cluster": {"node_count": 1, "node_size": "small"},
    }
]


@pytest.fixture
def fleet_report():
    return FilterModule().filters()["fleet_report"]


def test_each_format(fleet_report):
    assert fleet_report(CLUSTERS).startswith("<!DOCTYPE html>")
    assert json.loads(fleet_report(CLUSTERS, output_format="json"))["summary"]["clusters"] == 1
    assert fleet_report(CLUSTERS, output_format="csv").splitlines()[1].startswith("deployme,,dm,cls_1,running")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [({"output_format": "pdf"}, "must be one of html, json, csv"), ({"plan": "{"}, "the plan file is not JSON")],
)
def test_bad_input_is_an_ansible_error_naming_the_filter(fleet_report, arguments, message):
    with pytest.raises(AnsibleFilterError, match=f"kaas.cloud.fleet_report: .*{message}"):
        fleet_report(CLUSTERS, **arguments)
