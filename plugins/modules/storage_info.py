#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read the storage classes, claims, volumes and volume types of ECNS clusters."""

from __future__ import annotations

DOCUMENTATION = r"""
module: storage_info
short_description: List Kubernetes storage classes, claims and volumes, and volume types (ECNS)
version_added: 0.1.0
description:
  - Returns the storage of an ECNS cluster, or of every cluster the user can see, from the ECNS storage list
    (ECNS API reference, 1.20 存储管理), and the Cinder volume types a storage class can use. Only provider V(ecns).
  - With O(cluster) the claims are those of O(namespace) (ECNS's C(cluster_selector=current), after the
    namespace switch call); without it, every cluster and namespace (C(cluster_selector=all)).
  - One request for the storage list, one more for the volume types; O(include) leaves out what is not needed.
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.ecns_scope.PROJECT
  - kaas.cloud.attributes.info_module
options:
  cluster:
    description:
      - Name of one ECNS cluster. Without it, the storage of every cluster is returned.
    type: str
  namespace:
    description:
      - Namespace whose claims are returned when O(cluster) is set.
    type: str
    default: default
  include:
    description:
      - What to return.
    type: list
    elements: str
    choices: [storage_classes, pvcs, pvs, volume_types]
    default: [storage_classes, pvcs, pvs, volume_types]
  available_only:
    description:
      - Only the claims a new workload can mount (ECNS's C(filter=available)) - those no workload mounts,
        and C(ReadWriteMany) ones.
    type: bool
    default: false
seealso:
  - module: kaas.cloud.storage_class
  - module: kaas.cloud.pvc
"""

EXAMPLES = r"""
- name: Storage of the cluster, and the claims of namespace default
  kaas.cloud.storage_info:
    provider: ecns
    cluster: ecns-east
  register: storage

- name: The claims a new workload of namespace default can mount
  kaas.cloud.storage_info:
    provider: ecns
    cluster: ecns-east
    include: [pvcs]
    available_only: true
  register: free_claims

- name: Every storage class of every cluster, and the volume types
  kaas.cloud.storage_info:
    provider: ecns
    include: [storage_classes, volume_types]
  register: classes
"""

RETURN = r"""
storage_classes:
  description: Storage classes (see the C(storage_class) return value of M(kaas.cloud.storage_class)).
  returned: when O(include) has V(storage_classes)
  type: list
  elements: dict
  sample:
    - name: standard
      cluster: ecns-east
      cluster_addr: "https://10.0.0.10:6443"
      product_type: eks
      default: true
      provisioner: cinder.csi.openstack.org
      access_modes: [ReadWriteOnce, ReadOnlyMany]
      creation_time: "2026-03-01T10:00:00Z"
pvcs:
  description: Persistent volume claims (see the C(pvc) return value of M(kaas.cloud.pvc)).
  returned: when O(include) has V(pvcs)
  type: list
  elements: dict
  sample:
    - name: db-data
      cluster: ecns-east
      namespace: default
      product_type: eks
      storage_class: standard
      capacity: 10Gi
      access_modes: [ReadWriteOnce]
      status: Bound
      attached_workloads: []
      creation_time: "2026-03-01T10:00:00Z"
pvs:
  description: Persistent volumes.
  returned: when O(include) has V(pvs)
  type: list
  elements: dict
  contains:
    name:
      description: Name of the volume.
      type: str
      sample: pvc-1b2c3d4e-0000-4000-8000-000000000001
    cluster:
      description: ECNS cluster of the volume.
      type: str
      sample: ecns-east
    storage_class:
      description: Storage class of the volume.
      type: str
      sample: standard
    capacity:
      description: Size.
      type: str
      sample: 10Gi
    access_modes:
      description: Access modes.
      type: list
      elements: str
      sample: [ReadWriteOnce]
    status:
      description: C(Bound), C(Available), C(Released) or C(Failed).
      type: str
      sample: Bound
    reclaim_policy:
      description: What happens to the volume when its claim is deleted (C(Retain), C(Delete), C(Recycle)).
      type: str
      sample: Delete
    pvc_name:
      description: The claim the volume is bound to, if any.
      type: str
      sample: db-data
    pvc_namespace:
      description: Namespace of that claim.
      type: str
      sample: default
    creation_time:
      description: When the volume was created.
      type: str
      sample: "2026-03-01T10:00:05Z"
volume_types:
  description: Cinder volume types a storage class can use.
  returned: when O(include) has V(volume_types)
  type: list
  elements: dict
  contains:
    id:
      description: Id of the volume type.
      type: str
      sample: 8d2a6b0c-51e7-4f0e-9a0b-4c1e5d6f7a02
    name:
      description: Name of the volume type (O(kaas.cloud.storage_class#module:volume_type)).
      type: str
      sample: ssd
    backend:
      description: Storage back end of the type (ECNS's C(type), C(volume_backend_name)).
      type: str
      sample: ceph-ssd
"""

from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.arguments import resource_argument_spec
from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.identity import check_identity
from ansible_collections.kaas.cloud.plugins.module_utils.info_runner import (
    ModuleRun,
    check_cluster_reference,
    create_module,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.options import ecns_scope_spec
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.storage_info import storage_report

PARTS = ["storage_classes", "pvcs", "pvs", "volume_types"]


def main() -> None:
    spec = resource_argument_spec(
        cluster={"type": "str"},
        namespace={"type": "str", "default": "default"},
        include={"type": "list", "elements": "str", "choices": PARTS, "default": PARTS},
        available_only={"type": "bool", "default": False},
        **ecns_scope_spec(namespaced=False),
    )
    module = create_module(spec, supports_check_mode=True)
    params = module.params

    def action(run: ModuleRun) -> dict[str, Any]:
        if params["provider"] != "ecns":
            raise ValidationError(
                f"storage_info reads EasyStack ECNS storage only; {params['provider']} has no storage classes, "
                "claims or volumes in this collection"
            )
        check_identity("cluster", params.get("cluster"))
        check_cluster_reference(run, params)
        claims = run.adapter("pvc")
        settings = {key: params.get(key) for key in ("cluster", "namespace", "product_type")}
        return {"changed": False, **storage_report(claims, settings, params["include"], params["available_only"])}

    ModuleRun(module).execute(action)


if __name__ == "__main__":
    main()
