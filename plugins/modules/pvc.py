#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Create and delete a Kubernetes persistent volume claim of an ECNS cluster."""

from __future__ import annotations

DOCUMENTATION = r"""
module: pvc
short_description: Manage a Kubernetes persistent volume claim (ECNS)
version_added: 0.1.0
description:
  - Creates and deletes a persistent volume claim (PVC) of a namespace of an ECNS cluster through the ECNS
    container API (ECNS API reference, 1.15 持久卷声明 (PVC) and 1.20 存储管理). Only provider V(ecns) has claims.
  - ECNS provisions a new volume for the claim from its storage class; with O(wait=true) the module waits until
    the claim is C(Bound).
  - ECNS has no call to change a claim, so O(storage_class), O(capacity) and O(access_modes) are fixed once it
    exists; a different value fails the task before any write. Options left out are not compared.
  - ECNS refuses to delete a claim that a workload or job mounts; the task fails with the names of its users.
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.ecns_scope
  - kaas.cloud.wait
  - kaas.cloud.attributes
options:
  name:
    description:
      - Name of the claim; at most 63 lower-case letters, digits or C(-).
    type: str
    required: true
  storage_class:
    description:
      - Storage class the volume is provisioned from (C(storage_class_name)); it must exist in O(cluster)
        (checked before the claim is created). Required to create a claim.
    type: str
  capacity:
    description:
      - Size of the volume, a whole number of C(Mi), C(Gi) or C(Ti); a bare number is C(Gi) as ECNS reads it.
        C(1024Mi) and C(1Gi) are the same size. Required to create a claim.
    type: str
  access_modes:
    description:
      - How the volume may be mounted; ECNS uses V(ReadWriteOnce) when it is left out. The storage class must
        offer every mode (checked before the claim is created). Compared as a set.
    type: list
    elements: str
    choices: [ReadWriteOnce, ReadOnlyMany, ReadWriteMany]
  state:
    description:
      - V(present) creates the claim; V(absent) deletes it (and ECNS deletes its volume when the volume's reclaim
        policy is C(Delete)).
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: kaas.cloud.storage_class
  - module: kaas.cloud.storage_info
  - module: kaas.cloud.workload
"""

EXAMPLES = r"""
- name: A 10 GiB claim for the database
  kaas.cloud.pvc:
    provider: ecns
    cluster: ecns-east
    namespace: default
    name: db-data
    storage_class: standard
    capacity: 10Gi

- name: Delete it
  kaas.cloud.pvc:
    provider: ecns
    cluster: ecns-east
    name: db-data
    state: absent
"""

RETURN = r"""
pvc:
  description: The claim after the task; empty when it is absent.
  returned: always
  type: dict
  contains:
    name:
      description: Name of the claim.
      type: str
      sample: db-data
    cluster:
      description: ECNS cluster.
      type: str
      sample: ecns-east
    namespace:
      description: Namespace of the claim.
      type: str
      sample: default
    product_type:
      description: ECNS product of the API path.
      type: str
      sample: eks
    storage_class:
      description: Storage class of the claim.
      type: str
      sample: standard
    capacity:
      description: Size of the volume.
      type: str
      sample: 10Gi
    access_modes:
      description: Access modes of the volume.
      type: list
      elements: str
      sample: [ReadWriteOnce]
    status:
      description: C(Pending) while the volume is provisioned, C(Bound) once it is, C(Lost) if it disappeared.
      type: str
      sample: Bound
    attached_workloads:
      description: Workloads and jobs that mount the claim, each with C(name), C(type) and C(attached_time).
      type: list
      elements: dict
      sample: []
    creation_time:
      description: When ECNS created the claim.
      type: str
      sample: "2026-03-01T10:00:00Z"
"""

from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import options as ecns_options
from ansible_collections.kaas.cloud.plugins.module_utils.runner import manage_resource


def main() -> None:
    options = ecns_options.pvc_options()
    manage_resource("pvc", ecns_options.ecns_object_spec(options, wait=True), ecns_options.ecns_object_options(options))


if __name__ == "__main__":
    main()
