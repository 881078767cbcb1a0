#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Create, change, start, stop, restart, roll back and delete a Kubernetes workload (ECNS)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: workload
short_description: Manage a Kubernetes workload (Deployment, StatefulSet, DaemonSet)
version_added: 0.1.0
description:
  - Creates, changes in place, starts, stops, restarts, rolls back and deletes a workload of a managed
    Kubernetes cluster through the provider's container API. Only provider V(ecns) (EasyStack ECNS) has workloads.
  - Only the options you set are compared with the workload, so an omitted option never causes a change.
    For nested options (O(containers), O(volumes), the strategies, O(network), O(access_modes)) the workload
    is unchanged when it already has every value you set; values ECNS adds itself (an assigned node port,
    a service name) are not differences. O(labels) is compared exactly.
  - Each difference is applied with the narrowest ECNS call and nothing else is sent
    (C(?action=scale) for O(replicas), C(?action=labels) for O(labels), C(?action=containers) for the pod
    template, and so on). When several aspects differ, the calls are made one after the other, waiting for
    the rollout of each before the next.
  - Option names are the snake_case field names of the ECNS API (C(workload_base.replicas) is O(replicas),
    C(access_mode) is O(access_modes), C(application_name) is O(application)).
  - ECNS keeps the current cluster and namespace in the session; the module selects O(cluster) and O(namespace)
    with the namespace switch call (a read) before it touches the workload.
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.wait
  - kaas.cloud.workload_template
  - kaas.cloud.attributes
options:
  name:
    description:
      - Name of the workload (C(workload_base.name)); at most 63 lower-case letters, digits or C(-).
    type: str
    required: true
  cluster:
    description:
      - Name of the ECNS cluster that runs the workload.
    type: str
    required: true
  namespace:
    description:
      - Kubernetes namespace of the workload.
    type: str
    default: default
  product_type:
    description:
      - ECNS product the API path names (C(/api/ecns/<product_type>/)); V(eks) for ordinary containers,
        V(hybrid) for hybrid (VM and container) orchestration, V(security) for secure containers
        (ECNS then runs the pods with runtime class C(rune)).
    type: str
    choices: [eks, hybrid, security]
    default: eks
  type:
    description:
      - Kind of workload (C(workload_base.type)). It cannot be changed; a workload is looked up by name and type.
    type: str
    choices: [Deployment, StatefulSet, DaemonSet]
    default: Deployment
  state:
    description:
      - V(present) creates the workload or brings it to the requested settings.
      - V(started) and V(stopped) do the same and also start it or stop it (a stopped workload keeps its
        O(replicas) and runs no pod).
      - V(restarted) does what V(present) does, then redeploys every pod (C(?action=recreate)); it always
        reports a change.
      - V(absent) deletes it.
    type: str
    choices: [present, absent, started, stopped, restarted]
    default: present
  replicas:
    description:
      - Number of pods. Required to create a Deployment or StatefulSet; refused for a DaemonSet, which runs one
        pod per node. Changed with the manual-scale call, which creates no revision.
    type: int
  update_strategy:
    description: How pods are replaced when the template changes (C(?action=update_strategy)).
    type: dict
    suboptions:
      type:
        description: Strategy; V(on_delete) is not for a Deployment.
        type: str
        choices: [first_up, first_down, recreate, custom, rolling_update, on_delete]
      batch_size:
        description: Pods replaced per batch.
        type: int
      max_surge:
        description: Pods above O(replicas) allowed during the update.
        type: int
      max_unavailable:
        description: Pods that may be unavailable during the update.
        type: int
      period:
        description: Seconds between batches.
        type: int
  scale_strategy:
    description: Automatic scaling (C(?action=scale_strategy)).
    type: dict
    suboptions:
      min_replicas:
        description: Fewest pods.
        type: int
      max_replicas:
        description: Most pods.
        type: int
      resource:
        description: Target use that triggers scaling, in percent.
        type: dict
        suboptions:
          cpu:
            description: CPU percent.
            type: int
          memory:
            description: Memory percent.
            type: int
  scheduler_strategy:
    description: Scheduling rules, the whole list (C(?action=scheduler_strategy)).
    type: list
    elements: dict
    suboptions:
      type:
        description: Kind of rule.
        type: str
        choices: [podAffinity, podAntiAffinity, nodeSelector, nodeSelectorTerms]
        required: true
      node_selector:
        description: Rule of a V(nodeSelector) entry (C(topology_key), C(expression)).
        type: dict
      pod_affinity:
        description: Rule of a V(podAffinity) entry.
        type: dict
      pod_anti_affinity:
        description: Rule of a V(podAntiAffinity) entry.
        type: dict
      node_terms:
        description:
          - Rule of a V(nodeSelectorTerms) entry, a C(topology_key) and an C(expression) list whose items have
            C(key), C(operator), C(values) and C(weight).
          - Operators are V(In), V(NotIn), V(Gt), V(Lt), V(Exists) and V(DoesNotExist).
        type: dict
  network:
    description: Pod networking (C(?action=network)).
    type: dict
    suboptions:
      host_network:
        description: Use the node's network.
        type: bool
      dns_policy:
        description: DNS policy.
        type: str
        choices: [ClusterFirst, ClusterFirstWithHostNet]
      host_aliases:
        description: Extra C(/etc/hosts) entries.
        type: list
        elements: dict
        suboptions:
          ip:
            description: Address.
            type: str
            required: true
          hostnames:
            description: Host name(s) for the address.
            type: str
  labels:
    description:
      - Labels of the workload, compared and set as a whole (C(?action=labels)); V({}) removes every label.
      - Values are strings; quote numbers and booleans.
    type: dict
  access_modes:
    description:
      - Services that expose the workload (ECNS C(access_mode)), the whole list (C(?action=access_modes)).
    type: list
    elements: dict
    suboptions:
      type:
        description: Service type.
        type: str
        choices: [ClusterIP, NodePort, LoadBalancer, ExternalName]
        required: true
      external_name:
        description: Target domain of an V(ExternalName) service.
        type: str
      cluster_ip:
        description: Fixed cluster IP of a V(ClusterIP) service.
        type: str
      annotations:
        description: Service annotations.
        type: dict
      access:
        description: Ports.
        type: list
        elements: dict
        suboptions:
          port:
            description: Service port.
            type: int
          protocol:
            description: Protocol.
            type: str
            choices: [TCP, UDP]
          node_port:
            description: Node port (30000-32767); ECNS assigns one when unset.
            type: int
          target_port:
            description: Container port; the service port when unset.
            type: int
          routers:
            description: Ingress routes (C(domain), C(path), C(target_service), C(service_port)).
            type: list
            elements: dict
      external:
        description: Octavia options of a V(LoadBalancer) service (C(availability_zone_profile), C(flavor_profile),
          C(loadbalancer)).
        type: dict
      subnet:
        description: Subnet of a V(LoadBalancer) service.
        type: str
  application:
    description:
      - Application the workload belongs to (ECNS C(application_name)). Changing it detaches the workload from its
        application and attaches it to this one; an empty string detaches it.
    type: str
  application_type:
    description: Kind of application, used only when the workload is created.
    type: str
    choices: [Normal, Hybrid]
  rollback_to:
    description:
      - Revision to roll back to (C(?action=rollback)); the workload takes that revision's pod template and it
        becomes the current revision. Nothing is sent when it already is the current one.
      - Cannot be combined with O(containers) or O(volumes).
    type: int
  delete_service:
    description: With O(state=absent), also delete the services of O(access_modes).
    type: bool
    default: false
  force_delete:
    description: With O(state=absent), remove the workload at once instead of waiting for its pods to end.
    type: bool
    default: false
notes:
  - O(wait=true) waits until every pod of the rollout is ready (status C(Running)), or gone for O(state=absent).
"""

EXAMPLES = r"""
- name: Run nginx on ECNS
  kaas.cloud.workload:
    provider: ecns
    api_url: "{{ ecns_api_url }}"  # ECNS is on premises: https://ecns.example.com for instance
    auth:
      auth_url: "{{ ecns_auth_url }}"  # its Keystone v3, https://keystone.example.com/v3 for instance
      username: "{{ ecns_user }}"
      password: "{{ vault_ecns_password }}"
      project_id: "{{ ecns_project_id }}"
    cluster: ecns-east
    namespace: apps
    name: web
    replicas: 2
    containers:
      - name: nginx
        image:
          image: nginx
          image_version: "1.25"
        health:
          - type: liveness
            protocol: http
            path: /healthz
            port: 80
    access_modes:
      - type: NodePort
        access:
          - port: 80
    labels:
      tier: web

- name: Scale it (one manual-scale call, nothing else)
  kaas.cloud.workload:
    provider: ecns
    cluster: ecns-east
    namespace: apps
    name: web
    replicas: 4

- name: Roll back to the first revision
  kaas.cloud.workload:
    provider: ecns
    cluster: ecns-east
    namespace: apps
    name: web
    rollback_to: 1

- name: Stop it
  kaas.cloud.workload:
    provider: ecns
    cluster: ecns-east
    namespace: apps
    name: web
    state: stopped
"""

RETURN = r"""
workload:
  description:
    - The workload after the task (before it for O(state=absent)); empty when it does not exist.
    - Option-shaped keys use the module's option names; the others are read from ECNS.
  returned: always
  type: dict
  contains:
    name:
      description: Workload name.
      type: str
      sample: web
    type:
      description: Deployment, StatefulSet or DaemonSet.
      type: str
      sample: Deployment
    cluster:
      description: Cluster name.
      type: str
      sample: ecns-east
    namespace:
      description: Namespace.
      type: str
      sample: apps
    product_type:
      description: ECNS product of the API path.
      type: str
      sample: eks
    replicas:
      description: Requested pods (none for a DaemonSet).
      type: int
      sample: 2
    containers:
      description: Containers of the current pod template, as O(containers).
      type: list
      elements: dict
    volumes:
      description: Volumes, as O(volumes).
      type: list
      elements: dict
    update_strategy:
      description: Update strategy.
      type: dict
    scale_strategy:
      description: Scaling strategy.
      type: dict
    scheduler_strategy:
      description: Scheduling rules.
      type: list
      elements: dict
    network:
      description: Network settings.
      type: dict
    access_modes:
      description: Services, with what ECNS assigned (C(name), C(cluster_ip), node ports, addresses).
      type: list
      elements: dict
    labels:
      description: Labels.
      type: dict
      sample: {tier: web}
    application:
      description: Application the workload belongs to, if any.
      type: str
    running:
      description: False once the workload is stopped.
      type: bool
      sample: true
    revision:
      description: Current revision number.
      type: int
      sample: 2
    status:
      description: ECNS status, C(Pending), C(Running), C(Stopped), C(Failed) or C(Removing).
      type: str
      sample: Running
    ready_replicas:
      description: Ready pods.
      type: int
      sample: 2
    available_replicas:
      description: Available pods.
      type: int
      sample: 2
    unavailable_replicas:
      description: Pods not available yet.
      type: int
      sample: 0
    images:
      description: C(image:tag) of every container.
      type: list
      elements: str
      sample: ["nginx:1.25"]
    creation_time:
      description: When the workload was created.
      type: str
      sample: "2026-03-01T10:00:00Z"
    pods:
      description: Pods (C(name), C(status), C(pod_ip), C(host_ip), C(images), C(labels), C(restart_count)).
      type: list
      elements: dict
    revisions:
      description: Kept revisions (C(version), C(image), C(creation_time)).
      type: list
      elements: dict
    conditions:
      description: Kubernetes conditions (C(type), C(status), C(reason), C(message), C(update_time)).
      type: list
      elements: dict
    events:
      description: Events, newest first (C(type), C(reason), C(message), C(update_time)).
      type: list
      elements: dict
"""


from ansible_collections.kaas.cloud.plugins.module_utils.arguments import resource_argument_spec, wait_argument_spec
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.options_workload import workload_options
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.workload_runner import reconcile_workload
from ansible_collections.kaas.cloud.plugins.module_utils.runner import create_module


def main() -> None:
    spec = resource_argument_spec(**workload_options(), **wait_argument_spec())
    module = create_module(
        spec,
        supports_check_mode=True,
        mutually_exclusive=[("rollback_to", "containers"), ("rollback_to", "volumes")],
    )
    reconcile_workload(module)


if __name__ == "__main__":
    main()
