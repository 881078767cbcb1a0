# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument spec of the ``deployme`` block of ``k8s_cluster``, documented by that module."""

from __future__ import annotations

from typing import Any


def cluster_options() -> dict[str, Any]:
    """The ``deployme`` block: the control plane size, the phase (where it runs) and the infrastructure."""
    return {
        "type": "dict",
        "options": {
            "control_planes": {"type": "int", "choices": [1, 3]},
            "phase": {"type": "str", "choices": ["managed", "onpremise", "baremetal"]},
            "infra_id": {"type": "str"},
        },
    }
