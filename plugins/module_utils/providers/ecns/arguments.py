# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument spec of where an ECNS object lives, documented by the ``kaas.cloud.ecns_scope`` fragment."""

from __future__ import annotations

from typing import Any

PRODUCT_TYPES = ["eks", "hybrid", "security"]


def ecns_scope_spec(*, namespaced: bool = True) -> dict[str, Any]:
    """``cluster``, ``namespace`` (namespaced objects only) and ``product_type``."""
    spec: dict[str, Any] = {"product_type": {"type": "str", "choices": PRODUCT_TYPES, "default": "eks"}}
    if namespaced:
        spec["cluster"] = {"type": "str", "required": True}
        spec["namespace"] = {"type": "str", "default": "default"}
    return spec


ECNS_SCOPE_OPTIONS = ("cluster", "namespace", "product_type")
