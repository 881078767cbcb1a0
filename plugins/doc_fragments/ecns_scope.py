# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where an ECNS Kubernetes object lives: cluster, namespace and ECNS product."""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  cluster:
    description:
      - Name of the ECNS cluster that holds the object.
      - ECNS keeps the current cluster and namespace in the session; the module selects O(cluster) and
        O(namespace) with the namespace switch call (a read) before its first call.
    type: str
    required: true
  namespace:
    description:
      - Kubernetes namespace of the object.
    type: str
    default: default
  product_type:
    description:
      - ECNS product the API path names (C(/api/ecns/<product_type>/)); V(eks) for ordinary containers,
        V(hybrid) for hybrid (VM and container) orchestration, V(security) for secure containers.
    type: str
    choices: [eks, hybrid, security]
    default: eks
"""

    # For objects of the project rather than of a namespace (Harbor projects, applications).
    PROJECT = r"""
options:
  product_type:
    description:
      - ECNS product the API path names (C(/api/ecns/<product_type>/)).
    type: str
    choices: [eks, hybrid, security]
    default: eks
"""

    # The *_info modules of namespaced objects: kaas.cloud.ecns_scope.info, besides kaas.cloud.ecns_scope.
    INFO = r"""
options:
  name:
    description:
      - Name of one object of the module's kind. Without it, every one of the namespace is returned.
    type: str
"""
