#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Create, stop, start and delete a Kubernetes cronjob of an ECNS cluster."""

from __future__ import annotations

DOCUMENTATION = r"""
module: cronjob
short_description: Manage a Kubernetes cronjob (ECNS)
version_added: 0.1.0
description:
  - Creates a cronjob in a namespace of an ECNS cluster, stops and starts its scheduling, and deletes it,
    through the ECNS container API (ECNS API reference, 1.5 定时任务 (CronJob)). Only provider V(ecns) has cronjobs.
  - The schedule is O(schedule) (one crontab line) or O(cron_rule) (field by field). Every field is checked
    before any request - C(*), a number or a range C(a-b), each with an optional C(/step), comma-separated,
    within minute 0-59, hour 0-23, day of month 1-31, month 1-12, day of week 0-6 (Sunday is 0).
  - ECNS can only stop and start a cronjob once it exists (there is no update call). The schedule, the
    concurrency policy and the job template are compared when set; a difference fails the task before any
    write and names the option (delete and recreate the cronjob to change them).
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.ecns_scope
  - kaas.cloud.ecns_job
  - kaas.cloud.workload_template
  - kaas.cloud.attributes
options:
  name:
    description:
      - Name of the cronjob (the name of its job); at most 63 lower-case letters, digits or C(-).
    type: str
    required: true
  schedule:
    description:
      - When the job runs, as the five fields of a crontab line, for example V(*/5 * * * *) (every five
        minutes) or V(10 6 * * 3,4) (6:10 on Wednesdays and Thursdays). Mutually exclusive with O(cron_rule).
      - O(schedule) or O(cron_rule) is required to create a cronjob.
    type: str
  cron_rule:
    description:
      - When the job runs, field by field (ECNS's C(cron_rule)); a field left out is C(*).
        Mutually exclusive with O(schedule).
    type: dict
    suboptions:
      minute:
        description: Minutes, 0-59.
        type: str
      hour:
        description: Hours, 0-23.
        type: str
      day_of_month:
        description: Days of the month, 1-31 (ECNS's C(day of the month)).
        type: str
      month:
        description: Months, 1-12.
        type: str
      day_of_week:
        description: Days of the week, 0-6 from Sunday (ECNS's C(day of the week)).
        type: str
  concurrency_policy:
    description:
      - What happens when a run is due while the previous one still runs - V(Allow) both, V(Forbid) skip the
        new one, V(Replace) the old one. ECNS uses V(Allow) when it is left out.
    type: str
    choices: [Allow, Forbid, Replace]
  state:
    description:
      - V(present) creates the cronjob (ECNS starts it scheduling) and leaves an existing one scheduling or
        not; V(started) and V(stopped) also start or stop its scheduling (one start/stop call, only when it
        is not already so); V(absent) deletes it.
    type: str
    choices: [present, absent, started, stopped]
    default: present
seealso:
  - module: kaas.cloud.cronjob_info
  - module: kaas.cloud.job
"""

EXAMPLES = r"""
- name: A report every night at 2:30
  kaas.cloud.cronjob:
    provider: ecns
    cluster: ecns-east
    namespace: default
    name: nightly-report
    schedule: "30 2 * * *"
    concurrency_policy: Forbid
    containers:
      - name: report
        image:
          image: busybox
          image_version: "1.36"
        commands:
          cmd: [sh, -c, echo report]

- name: Pause it
  kaas.cloud.cronjob:
    provider: ecns
    cluster: ecns-east
    name: nightly-report
    state: stopped

- name: Remove it
  kaas.cloud.cronjob:
    provider: ecns
    cluster: ecns-east
    name: nightly-report
    state: absent
"""

RETURN = r"""
cronjob:
  description: The cronjob after the task; empty when it is absent. Its job template is returned as by
    M(kaas.cloud.job) (C(completions), C(parallelism), C(active_deadline_seconds), C(backoff_limit),
    C(restart_policy), C(labels), C(runtime_class_name), C(containers), C(volumes)).
  returned: always
  type: dict
  contains:
    name:
      description: Name of the cronjob.
      type: str
      sample: nightly-report
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
    schedule:
      description: The schedule as a crontab line (ECNS's C(scheduler)).
      type: str
      sample: "30 2 * * *"
    schedule_description:
      description: The schedule in words, as ECNS describes it (C(scheduler_en)).
      type: str
      sample: minute 30, hour 2
    concurrency_policy:
      description: V(Allow), V(Forbid) or V(Replace).
      type: str
      sample: Forbid
    running:
      description: Whether the cronjob schedules jobs (status C(Running)) or is stopped.
      type: bool
      sample: true
    status:
      description: C(Running) or C(Stopped).
      type: str
      sample: Running
    actives:
      description: Jobs of the cronjob running now.
      type: int
      sample: 0
    images:
      description: Images of the job's containers.
      type: list
      elements: str
      sample: ["busybox:1.36"]
    creation_time:
      description: When ECNS created the cronjob.
      type: str
      sample: "2026-03-01T10:00:00Z"
    completions:
      description: Pods each run must complete.
      type: int
      sample: 1
    parallelism:
      description: Pods each run runs at a time.
      type: int
      sample: 1
    active_deadline_seconds:
      description: Deadline of each run in seconds.
      type: int
      sample: 86400
    backoff_limit:
      description: Retries before a run fails.
      type: int
      sample: 6
    restart_policy:
      description: V(Never) or V(OnFailure).
      type: str
      sample: OnFailure
    labels:
      description: Labels of the job template.
      type: dict
      sample: {}
    runtime_class_name:
      description: Runtime class of the pods, if any.
      type: str
      sample: null
    containers:
      description: Containers of the job template, as O(containers).
      type: list
      elements: dict
    volumes:
      description: Volumes of the job template, as O(volumes).
      type: list
      elements: dict
    jobs:
      description: Jobs the cronjob ran (ECNS's job history).
      type: list
      elements: dict
      sample: []
    events:
      description: Events of the cronjob, newest first.
      type: list
      elements: dict
"""

from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import options as ecns_options
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.cronjob import cronjob_desired
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.options_workload import (
    JOB_TEMPLATE_OPTIONS,
    job_template_spec,
)
from ansible_collections.kaas.cloud.plugins.module_utils.runner import manage_resource


def main() -> None:
    spec = ecns_options.ecns_object_spec(
        {**ecns_options.cronjob_options(), **job_template_spec()}, "started", "stopped"
    )
    # The schedule is compared through cronjob_desired, which makes one of its two ways of writing it.
    options = (*ecns_options.ECNS_SCOPE_OPTIONS, "concurrency_policy", *JOB_TEMPLATE_OPTIONS)
    manage_resource("cronjob", spec, options, derived=cronjob_desired, mutually_exclusive=[("schedule", "cron_rule")])


if __name__ == "__main__":
    main()
