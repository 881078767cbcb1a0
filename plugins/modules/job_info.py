#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read the jobs of a namespace of an ECNS cluster."""

from __future__ import annotations

DOCUMENTATION = r"""
module: job_info
short_description: List the Kubernetes jobs of a namespace (ECNS)
version_added: 0.1.0
description:
  - Returns one job by name (with its conditions and events), or every job of the namespace, in the view that
    M(kaas.cloud.job) returns. Only provider V(ecns) has jobs.
  - The ECNS job list has no conditions or events; they are empty in a listing and filled for one job by name.
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.ecns_scope
  - kaas.cloud.ecns_scope.info
  - kaas.cloud.attributes.info_module
seealso:
  - module: kaas.cloud.job
"""

EXAMPLES = r"""
- name: Every job of the namespace
  kaas.cloud.job_info:
    provider: ecns
    cluster: ecns-east
    namespace: default
  register: jobs

- name: One job, with its conditions and events
  kaas.cloud.job_info:
    provider: ecns
    cluster: ecns-east
    name: migrate
  register: migration
"""

RETURN = r"""
jobs:
  description:
    - The jobs found (see the C(job) return value of M(kaas.cloud.job)); empty when none matches.
  returned: always
  type: list
  elements: dict
  sample:
    - name: migrate
      cluster: ecns-east
      namespace: default
      product_type: eks
      completions: 3
      parallelism: 2
      active_deadline_seconds: 86400
      backoff_limit: 2
      restart_policy: Never
      labels: {}
      runtime_class_name: null
      containers: [{name: migrate, type: worker, image: {image: busybox, image_version: "1.36"}}]
      volumes: null
      status: Complete
      scale: 3/3
      images: ["busybox:1.36"]
      creation_time: "2026-03-01T10:00:00Z"
      pods: [{name: migrate-1a2b3, status: Succeeded}]
      conditions: []
      events: []
"""

from ansible_collections.kaas.cloud.plugins.module_utils.info_runner import report_resources
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import options as ecns_options


def main() -> None:
    spec = ecns_options.ecns_info_spec()
    report_resources("job", "jobs", spec, filters=(), scope=ecns_options.ECNS_SCOPE_OPTIONS)


if __name__ == "__main__":
    main()
