# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``cluster`` of a resource that belongs to a managed cluster (node group, autoscaler, IP access control)."""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  cluster:
    description:
      - Name or id of the cluster the resource belongs to. The cluster must exist.
    type: str
    required: true
"""
