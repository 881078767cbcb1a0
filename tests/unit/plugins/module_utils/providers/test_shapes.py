"""Results from known fields, in a stable order, whatever a service adds or reorders."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import shapes as ecns_shapes
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.service import port_list, ports_view
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.workload_rules import covers
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare import shapes as itcare_shapes
from ansible_collections.kaas.cloud.plugins.module_utils.providers.shapes import fields, option_shape, pick

EXTRA = {"x_added_by_the_service": {"nested": [1]}}


def test_pick_keeps_named_fields_at_every_depth_and_leaves_absent_ones_out():
    shape = fields("name", "labels", image=fields("image"))
    answer = [{"name": "a", "labels": {"any": "key"}, "image": {"image": "nginx", **EXTRA}, **EXTRA}, {"name": "b"}]
    assert pick(answer, shape) == [{"name": "a", "labels": {"any": "key"}, "image": {"image": "nginx"}}, {"name": "b"}]
    assert pick(None, shape) is None and pick("text", shape) == "text"


def test_option_shape_narrows_only_options_with_suboptions():
    spec = {"name": {"type": "str"}, "config": {"type": "dict"}, "probe": {"type": "dict", "options": {"port": {}}}}
    assert option_shape(spec) == {"name": None, "config": None, "probe": {"port": None}}


def _shapes():
    for module in (ecns_shapes, itcare_shapes):
        for name, value in vars(module).items():
            if name.isupper() and not name.startswith("_") and isinstance(value, dict):
                yield f"{module.__name__.rsplit('.', 2)[-2]}.{name}", value


@pytest.mark.parametrize(("name", "shape"), list(_shapes()))
def test_every_shape_drops_an_unknown_field_and_keeps_its_own(name, shape):
    """An object with every field a shape names plus one it does not: only the named ones stay."""

    def full(inner):
        return {key: (full(sub) if sub else "value") for key, sub in inner.items()}

    document = {**full(shape), **EXTRA}
    assert pick(document, shape) == full(shape), name


@pytest.mark.parametrize("listed", [[443, 80, 8080], [8080, 443, 80], [80, 8080, 443]])
def test_ports_are_shown_and_compared_in_port_order(listed):
    mode = {"access": [{"port": port, "protocol": "TCP", "node_port": 30000 + port % 1000} for port in listed]}
    assert [port["port"] for port in ports_view(mode)] == [80, 443, 8080]
    wanted = port_list([{"port": 8080}, {"port": 80}, {"port": 443}])
    assert covers(ports_view(mode), wanted), "a service listing its ports in another order is unchanged"
