#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read the cronjobs of a namespace of an ECNS cluster."""

from __future__ import annotations

DOCUMENTATION = r"""
module: cronjob_info
short_description: List the Kubernetes cronjobs of a namespace (ECNS)
version_added: 0.1.0
description:
  - Returns one cronjob by name, or every cronjob of the namespace, in the view that M(kaas.cloud.cronjob)
    returns. Only provider V(ecns) has cronjobs.
  - The ECNS list gives each cronjob's status only, so listing costs one more request per cronjob for its job
    template, job history and events.
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.ecns_scope
  - kaas.cloud.ecns_scope.info
  - kaas.cloud.attributes.info_module
seealso:
  - module: kaas.cloud.cronjob
"""

EXAMPLES = r"""
- name: Every cronjob of the namespace
  kaas.cloud.cronjob_info:
    provider: ecns
    cluster: ecns-east
    namespace: default
  register: cronjobs

- name: One cronjob
  kaas.cloud.cronjob_info:
    provider: ecns
    cluster: ecns-east
    name: nightly-report
  register: report
"""

RETURN = r"""
cronjobs:
  description:
    - The cronjobs found (see the C(cronjob) return value of M(kaas.cloud.cronjob)); empty when none matches.
  returned: always
  type: list
  elements: dict
  sample:
    - name: nightly-report
      cluster: ecns-east
      namespace: default
      product_type: eks
      schedule: "30 2 * * *"
      schedule_description: minute 30, hour 2
      concurrency_policy: Forbid
      running: true
      status: Running
      actives: 0
      images: ["busybox:1.36"]
      creation_time: "2026-03-01T10:00:00Z"
      completions: 1
      parallelism: 1
      active_deadline_seconds: 86400
      backoff_limit: 6
      restart_policy: OnFailure
      labels: {}
      runtime_class_name: null
      containers: [{name: report, type: worker, image: {image: busybox, image_version: "1.36"}}]
      volumes: null
      jobs: []
      events: []
"""

from ansible_collections.kaas.cloud.plugins.module_utils.info_runner import report_resources
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import options as ecns_options


def main() -> None:
    spec = ecns_options.ecns_info_spec()
    report_resources("cronjob", "cronjobs", spec, filters=(), scope=ecns_options.ECNS_SCOPE_OPTIONS)


if __name__ == "__main__":
    main()
