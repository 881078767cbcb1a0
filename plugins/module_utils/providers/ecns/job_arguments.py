# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument spec of the job template that ``job`` and ``cronjob`` share.

The template is the job Type of the ECNS API reference, 1.10 工作任务 (Job).

Documented by the ``kaas.cloud.ecns_job`` fragment (numbers and policy) and the
``kaas.cloud.workload_template`` fragment (containers and volumes, as for workloads).
"""

from __future__ import annotations

from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.workload_options import (
    container_options,
    volume_options,
)

JOB_TEMPLATE_OPTIONS = (
    "completions",
    "parallelism",
    "active_deadline_seconds",
    "backoff_limit",
    "restart_policy",
    "labels",
    "runtime_class_name",
    "containers",
    "volumes",
)


def job_template_spec() -> dict[str, Any]:
    """The job Type's options; none has a default, so an omitted one is never compared."""
    return {
        "completions": {"type": "int"},
        "parallelism": {"type": "int"},
        "active_deadline_seconds": {"type": "int"},
        "backoff_limit": {"type": "int"},
        "restart_policy": {"type": "str", "choices": ["Never", "OnFailure"]},
        "labels": {"type": "dict"},
        "runtime_class_name": {"type": "str"},
        "containers": {"type": "list", "elements": "dict", "options": container_options()},
        "volumes": {"type": "list", "elements": "dict", "options": volume_options()},
    }
