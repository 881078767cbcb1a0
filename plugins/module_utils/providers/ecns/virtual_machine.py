# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ECNS VM workloads of hybrid applications (ECNS API reference, 1.8 混合编排), read only.

ECNS manages them through their application (``application.py``); module
``virtual_machine_info`` lists them or reads one.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import Field
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.objects import Call, EcnsObject
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.shapes import (
    VM_FLAVOR,
    VM_INSTANCE,
    VM_LOADBALANCER,
    VM_NETWORK,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.shapes import pick


def vm_view(vm: dict[str, Any]) -> dict[str, Any]:
    """A VM workload (the API reference's vm_status) as results show it, from the fields the types name."""
    return {
        "name": vm.get("name"),
        "application": vm.get("application_name") or None,
        "replicas": vm.get("replicas"),
        "status": vm.get("status"),
        "image": vm.get("image"),
        "flavor": pick(vm.get("flavor"), VM_FLAVOR),
        "vm_network": pick(vm.get("vm_network"), VM_NETWORK),
        "loadbalancer": pick(vm.get("loadbalancer"), VM_LOADBALANCER),
        "instances": pick(vm.get("vm_instances") or [], VM_INSTANCE),
        "creation_time": vm.get("creation_time"),
    }


class EcnsVirtualMachine(EcnsObject):
    """A VM workload of a hybrid application (read only: ECNS manages them through applications)."""

    resource = "virtual_machine"
    kind = "virtual machine"
    list_call = Call("GET", "virtualmachine/")
    detail_call = Call("GET", "virtualmachine/{name}/")
    fields = (Field("cluster"), Field("namespace"), Field("product_type"))

    def validate(self, desired: dict[str, Any]) -> None:
        super().validate(desired)
        if desired.get("product_type") not in (None, "hybrid"):
            raise ValidationError("ECNS serves VM workloads on product_type hybrid only")

    def item_view(self, item: dict[str, Any]) -> dict[str, Any]:
        view = vm_view(item)
        del view["name"]
        return view
