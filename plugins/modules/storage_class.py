#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Create, make default and delete a Kubernetes storage class of an ECNS cluster."""

from __future__ import annotations

DOCUMENTATION = r"""
module: storage_class
short_description: Manage a Kubernetes storage class (ECNS)
version_added: 0.1.0
description:
  - Creates a storage class of an ECNS cluster backed by a Cinder volume type, makes it the cluster's default class
    or not, and deletes it, through the ECNS container API (ECNS API reference, 1.20 存储管理). Only provider
    V(ecns) has storage classes.
  - A storage class belongs to the cluster, not to a namespace. ECNS finds it in the cluster of the session;
    the module selects O(cluster) (with namespace C(default)) with the namespace switch call (a read) first.
  - ECNS does not show a class's volume type, so O(volume_type) is sent when the class is created and never
    compared afterwards; to change it, delete the class and create it again.
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.ecns_scope.PROJECT
  - kaas.cloud.attributes
options:
  name:
    description:
      - Name of the storage class; at most 63 lower-case letters, digits or C(-).
    type: str
    required: true
  cluster:
    description:
      - Name of the ECNS cluster that holds the storage class.
    type: str
    required: true
  volume_type:
    description:
      - Cinder volume type (name or id) of the volumes the class provisions; see the C(volume_types) of
        M(kaas.cloud.storage_info). ECNS uses its default volume type when it is left out.
      - Checked against the volume types ECNS lists before the class is created; used at creation only.
    type: str
  default:
    description:
      - Whether the class is the cluster's default one (set or unset with the set/unset default call).
        Making a class the default takes that role from the previous default class of the cluster.
      - Left out, the class stays as it is.
    type: bool
  state:
    description:
      - V(present) creates the class (and makes it default or not); V(absent) deletes it. Claims made from the
        class keep their volumes.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: kaas.cloud.storage_info
  - module: kaas.cloud.pvc
"""

EXAMPLES = r"""
- name: A class of SSD volumes, the cluster's default
  kaas.cloud.storage_class:
    provider: ecns
    cluster: ecns-east
    name: fast
    volume_type: ssd
    default: true

- name: Give the default role back to the standard class
  kaas.cloud.storage_class:
    provider: ecns
    cluster: ecns-east
    name: standard
    default: true

- name: Remove the SSD class
  kaas.cloud.storage_class:
    provider: ecns
    cluster: ecns-east
    name: fast
    state: absent
"""

RETURN = r"""
storage_class:
  description: The storage class after the task; empty when it is absent.
  returned: always
  type: dict
  contains:
    name:
      description: Name of the class.
      type: str
      sample: fast
    cluster:
      description: ECNS cluster of the class.
      type: str
      sample: ecns-east
    cluster_addr:
      description: API server address of the cluster.
      type: str
      sample: "https://10.0.0.10:6443"
    product_type:
      description: ECNS product of the API path.
      type: str
      sample: eks
    default:
      description: Whether the class is the cluster's default one.
      type: bool
      sample: true
    provisioner:
      description: The provisioner that creates the volumes (存储源).
      type: str
      sample: cinder.csi.openstack.org
    access_modes:
      description: Access modes the class's volumes offer.
      type: list
      elements: str
      sample: [ReadWriteOnce, ReadOnlyMany]
    creation_time:
      description: When ECNS created the class.
      type: str
      sample: "2026-03-01T10:00:00Z"
"""

from ansible_collections.kaas.cloud.plugins.module_utils.arguments import resource_argument_spec, state_spec
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import options as ecns_options
from ansible_collections.kaas.cloud.plugins.module_utils.runner import manage_resource


def main() -> None:
    spec = resource_argument_spec(
        name={"type": "str", "required": True},
        cluster={"type": "str", "required": True},
        volume_type={"type": "str"},
        default={"type": "bool"},
        state=state_spec(),
        **ecns_options.ecns_scope_spec(namespaced=False),
    )
    manage_resource("storage_class", spec, ("cluster", "product_type", "volume_type", "default"))


if __name__ == "__main__":
    main()
