"""What check mode predicts a provider fills in or derives, per provider rule (the integration
targets check the same predictions against the emulator's real runs)."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import ASSIGNED
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.load_balancer import EcnsLoadBalancer
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.service import EcnsService, completed_ports
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.workload import EcnsWorkload
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.ipacl import NksIpAcl


def bare(cls):
    """An adapter without a connection: prediction sends no request."""
    return object.__new__(cls)


def test_ports_get_kubernetes_defaults():
    # In port order, as results show a service's ports.
    assert completed_ports(None, [{"port": 80}, {"port": 53, "protocol": "UDP", "target_port": 5353}], False) == [
        {"port": 53, "target_port": 5353, "protocol": "UDP"},
        {"port": 80, "target_port": 80, "protocol": "TCP"},
    ]


def test_node_ports_are_set_kept_or_assigned_and_only_where_the_type_has_them():
    current = [{"port": 80, "target_port": 80, "protocol": "TCP", "node_port": 30080}]
    wanted = [{"port": 80}, {"port": 443, "node_port": 30443}, {"port": 8080}]
    assert [p.get("node_port") for p in completed_ports(current, wanted, True)] == [30080, 30443, ASSIGNED]
    assert [p.get("node_port") for p in completed_ports(current, wanted, False)] == [None, None, None]
    # The same port under another protocol is another port: its node port is not kept.
    assert completed_ports(current, [{"port": 80, "protocol": "UDP"}], True)[0]["node_port"] == ASSIGNED


@pytest.mark.parametrize(
    ("kind", "node_port"), [("ClusterIP", None), ("NodePort", ASSIGNED), ("LoadBalancer", ASSIGNED)]
)
def test_service_ports_follow_the_predicted_type(kind, node_port):
    field = EcnsService.field("ports")
    shown = field.complete([{"port": 80, "target_port": 80, "protocol": "TCP"}], [{"port": 80}], {"type": kind})
    assert shown[0].get("node_port") == node_port


def test_a_load_balancer_always_has_node_ports():
    field = EcnsLoadBalancer.field("ecns.ports")
    assert field.complete(None, [{"port": 80}], {})[0]["node_port"] == ASSIGNED


def test_nks_forgets_action_and_targets_of_an_acl_turned_off():
    acl = bare(NksIpAcl)
    on = {"enabled": True, "action": "DENY", "targets": [{"cidr": "192.0.2.0/24"}]}
    assert acl.predicted({**on, "enabled": False}, on) == {"enabled": False, "action": None, "targets": None}
    assert acl.predicted(dict(on), on) == on


def workload(**view):
    base = {
        "revision": 2,
        "revisions": [
            {"version": 1, "image": [{"image": "nginx", "image_version": "1.25"}]},
            {"version": 2, "image": [{"image": "nginx", "image_version": "1.26"}]},
        ],
        "containers": [{"name": "web", "image": {"image": "nginx", "image_version": "1.26"}, "cpu": 1}],
        "volumes": None,
        "replicas": 2,
    }
    return {**base, **view}


def test_a_new_pod_template_is_a_new_revision():
    before = workload()
    containers = [{"name": "web", "image": {"image": "nginx", "image_version": "1.27"}, "cpu": 1}]
    assert bare(EcnsWorkload).predicted({**before, "containers": containers}, before)["revision"] == 3
    # Anything else (a scale) keeps the revision.
    assert bare(EcnsWorkload).predicted({**before, "replicas": 3}, before)["revision"] == 2


def test_a_rollback_brings_back_the_images_of_its_revision():
    before = workload()
    after = bare(EcnsWorkload).predicted({**before, "revision": 1}, before)
    assert after["containers"] == [{"name": "web", "image": {"image": "nginx", "image_version": "1.25"}, "cpu": 1}]
    assert before["containers"][0]["image"]["image_version"] == "1.26"


def test_a_create_derives_nothing():
    after = {"containers": [{"name": "web"}]}
    assert bare(EcnsWorkload).predicted(dict(after), {}) == after
