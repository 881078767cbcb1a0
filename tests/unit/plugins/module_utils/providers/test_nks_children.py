"""Pure helpers of the NKS node group, autoscaler and IP ACL adapters (no HTTP)."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils.errors import PlanError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks import rules
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.ipacl import to_cidr, to_targets
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.nodegroup import (
    group_path,
    script_digest,
    to_name_list,
)


def test_a_script_and_its_digest_compare_equal_and_empty_means_none():
    digest = script_digest("echo hi")
    assert digest.startswith("sha256:") and len(digest) == 71
    assert script_digest(digest) == digest and script_digest("echo hi\n") != digest
    assert script_digest("") is None and script_digest(None) is None


def test_node_names_are_a_sorted_set():
    assert to_name_list(["b", "a", "b", " "]) == ["a", "b"]
    assert to_name_list([]) is None


def test_group_paths_quote_the_identifier():
    assert group_path("c1", "my group") == "/v1/clusters/c1/nodegroups/my%20group"


def test_acl_targets_ignore_order_and_a_missing_prefix():
    api = [{"cidr_address": "10.0.0.1", "description": ""}, {"cidr_address": "10.10.22.3/24", "description": "x"}]
    user = [{"cidr": "10.10.22.3/24", "description": "x"}, {"cidr": "10.0.0.1/32", "description": None}]
    assert (
        to_targets(api)
        == to_targets(user)
        == [
            {"cidr": "10.0.0.1/32"},
            {"cidr": "10.10.22.3/24", "description": "x"},
        ]
    )
    assert to_cidr("not-an-address") == "not-an-address"


def test_the_autoscaler_keeps_a_count_inside_its_range_only():
    group = {
        "name": "g",
        "node_count": 2,
        "labels": {"ca_enable": "True", "ca_min_node_count": "1", "ca_max_node_count": "3"},
    }
    assert "left to the autoscaler" in rules.autoscaler_keeps_count("task", group, 3)
    with pytest.raises(PlanError, match=r"outside the autoscaler's range 1\.\.3"):
        rules.autoscaler_keeps_count("task", group, 4)
    off = {**group, "labels": {**group["labels"], "ca_enable": "False"}}
    assert rules.autoscaler_keeps_count("task", off, 9) is None


def test_versions_only_go_up():
    rules.check_no_downgrade("task", "v1.28.3", "v1.29.3")
    rules.check_no_downgrade("task", None, "v1.27.3")
    with pytest.raises(PlanError, match=r"cannot go down from v1\.29\.3 to v1\.28\.3"):
        rules.check_no_downgrade("task", "v1.29.3", "v1.28.3")
