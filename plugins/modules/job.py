#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run and delete a Kubernetes job of an ECNS cluster."""

from __future__ import annotations

DOCUMENTATION = r"""
module: job
short_description: Run and delete a Kubernetes job (ECNS)
version_added: 0.1.0
description:
  - Creates a job in a namespace of an ECNS cluster, waits for it to complete, and deletes it, through the ECNS
    container API (ECNS API reference, 1.10 工作任务 (Job)). Only provider V(ecns) has jobs.
  - With O(wait=true) the task waits until the job is C(Complete), and fails when it ends C(Failed) (its
    deadline passed, or its pods failed more than O(backoff_limit) times), with the reason ECNS gives. An
    existing job that failed fails the task too; delete it to run it again.
  - A job cannot be changed once it exists (ECNS has no update call and Kubernetes jobs are immutable). The
    options you set are compared with the job; a difference fails the task before any write and names the
    option. Options left out are not compared.
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.ecns_scope
  - kaas.cloud.ecns_job
  - kaas.cloud.workload_template
  - kaas.cloud.wait
  - kaas.cloud.attributes
options:
  name:
    description:
      - Name of the job; at most 63 lower-case letters, digits or C(-).
    type: str
    required: true
  state:
    description:
      - V(present) creates the job (and waits for it to complete); V(absent) deletes it and its pods.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: kaas.cloud.job_info
  - module: kaas.cloud.cronjob
"""

EXAMPLES = r"""
- name: Run a database migration, three pods two at a time
  kaas.cloud.job:
    provider: ecns
    cluster: ecns-east
    namespace: default
    name: migrate
    completions: 3
    parallelism: 2
    backoff_limit: 2
    restart_policy: Never
    containers:
      - name: migrate
        image:
          image: busybox
          image_version: "1.36"
        commands:
          cmd: [sh, -c, echo migrated]
  register: migration

- name: Delete it once it is done
  kaas.cloud.job:
    provider: ecns
    cluster: ecns-east
    name: migrate
    state: absent
"""

RETURN = r"""
job:
  description: The job after the task; empty when it is absent.
  returned: always
  type: dict
  contains:
    name:
      description: Name of the job.
      type: str
      sample: migrate
    cluster:
      description: ECNS cluster.
      type: str
      sample: ecns-east
    namespace:
      description: Namespace.
      type: str
      sample: default
    product_type:
      description: ECNS product of the API path.
      type: str
      sample: eks
    completions:
      description: Pods that must succeed.
      type: int
      sample: 3
    parallelism:
      description: Pods run at the same time.
      type: int
      sample: 2
    active_deadline_seconds:
      description: Deadline of the job in seconds.
      type: int
      sample: 86400
    backoff_limit:
      description: Retries before the job fails.
      type: int
      sample: 2
    restart_policy:
      description: V(Never) or V(OnFailure).
      type: str
      sample: Never
    labels:
      description: Labels of the job.
      type: dict
      sample: {}
    runtime_class_name:
      description: Runtime class of the pods, if any.
      type: str
      sample: null
    containers:
      description: Containers of the pod template, as O(containers).
      type: list
      elements: dict
    volumes:
      description: Volumes of the pod template, as O(volumes).
      type: list
      elements: dict
    status:
      description: C(Running), C(Complete) or C(Failed).
      type: str
      sample: Complete
    scale:
      description: Pods that succeeded out of O(completions).
      type: str
      sample: 3/3
    images:
      description: Images of the containers.
      type: list
      elements: str
      sample: ["busybox:1.36"]
    creation_time:
      description: When ECNS created the job.
      type: str
      sample: "2026-03-01T10:00:00Z"
    pods:
      description: Pods of the job with their C(name) and C(status).
      type: list
      elements: dict
    conditions:
      description: C(Complete) or C(Failed) condition once the job ended, with its C(reason) and C(message).
      type: list
      elements: dict
    events:
      description: Events of the job, newest first.
      type: list
      elements: dict
"""

from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import options as ecns_options
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.options_workload import job_template_spec
from ansible_collections.kaas.cloud.plugins.module_utils.runner import manage_resource


def main() -> None:
    options = job_template_spec()
    manage_resource("job", ecns_options.ecns_object_spec(options, wait=True), ecns_options.ecns_object_options(options))


if __name__ == "__main__":
    main()
