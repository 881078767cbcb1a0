#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Manage a load balancer of a managed Kubernetes cluster (ITCare custom load balancers, ECNS Octavia ones)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: load_balancer
short_description: Manage the load balancers of a managed Kubernetes cluster
version_added: 0.1.0
description:
  - Manages a load balancer of a cluster. Providers V(itcare) (a custom load balancer in front of the
    ingress nodes) and V(ecns) (an exclusive Octavia load balancer in front of a workload).
  - B(ITCare:)
  - The load balancer is found by its URL among the cluster's load balancers; when it exists, nothing is
    sent. Every setting is fixed at creation, so a different setting on an existing load balancer fails
    and names the setting.
  - ITCare's API cannot delete a load balancer. O(state=absent) on an existing one fails, before any
    request and in check mode too, instead of reporting a deletion that did not happen.
  - B(ECNS:) the load balancer is a Kubernetes service of type LoadBalancer (ECNS 独享型负载均衡), named
    O(name), in O(namespace), in front of the workload O(ecns.target_workload). Octavia builds it; the
    module waits until it is C(ACTIVE) unless O(wait=false).
  - Before anything is written, in check mode too, a new ECNS load balancer is checked against ECNS's look-ups (ECNS
    API reference, 1.23 独享型负载均衡) - Octavia is installed, O(ecns.subnet) is a subnet the look-up offers,
    O(ecns.availability_zone) is available, O(ecns.flavor) exists and is enabled, O(ecns.replicas) is within the
    limit, and the license has room - and the task fails naming what is wrong.
  - Octavia fixes O(ecns.subnet), O(ecns.availability_zone), O(ecns.cpu_arch), O(ecns.flavor),
    O(ecns.topology), O(ecns.replicas) and O(ecns.amp_volume_type) when it builds the load balancer; a
    change to one fails before any request. The ports, the names, the target, labels and annotations
    change in place. O(state=absent) deletes the service and its load balancer.
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.wait
attributes:
  check_mode:
    support: full
    description:
      - Predicts C(changed) and the diff without creating anything. For ITCare the creation is sent
        with the header C(ITCare-DryRun), so ITCare validates it without doing it. For ECNS the look-ups
        are read and checked; nothing is written.
  diff_mode:
    support: full
    description: Shows the load balancer before and after.
options:
  cluster:
    description:
      - Name or id of the cluster the load balancer belongs to (ECNS - the cluster name). The cluster must exist.
    type: str
    required: true
  name:
    description:
      - ITCare - URL of the load balancer (ITCare C(url)), for example V(app.example.com). It must match
        ITCare's pattern C(^(https?://)?(www\.)?[a-zA-Z][a-zA-Z0-9.-]{2,63}$) and be unique. ITCare names
        the load balancer after the URL without scheme and V(www.), and this module finds it by that name.
      - ECNS - name of the LoadBalancer service; at most 63 lower-case letters, digits or C(-).
    type: str
    required: true
    aliases: [url]
  id:
    description:
      - Provider id of the load balancer (ECNS - the Octavia load balancer's id), to pick one when several
        share a name.
    type: str
  namespace:
    description:
      - ECNS only. Kubernetes namespace of the service; V(default) when unset.
    type: str
  product_type:
    description:
      - ECNS only. ECNS product of the API path; V(eks) when unset. ECNS serves its load-balancer
        look-ups for V(eks) only.
    type: str
    choices: [eks, hybrid, security]
  state:
    description:
      - V(present) creates the load balancer. V(absent) only succeeds when it does not exist
        (see the description).
    type: str
    choices: [present, absent]
    default: present
  itcare:
    description:
      - ITCare settings, named after ITCare's fields in snake_case; all fixed at creation.
    type: dict
    suboptions:
      profile_name:
        description: Virtual-server profile. Required at creation.
        type: str
        choices: [http, https, tcp]
      healthcheck:
        description: Health check of the members. Required at creation.
        type: str
        choices: [http, https, tcp]
      port_members:
        description:
          - Ports of the members, comma-separated (V(80,443)); each 1 to 65535, none repeated.
            Required at creation.
        type: str
      vs_port:
        description: Port of the virtual server; required with O(itcare.profile_name=tcp) and only then.
        type: int
      certificate_name:
        description: Certificate; required with O(itcare.profile_name=https) and only then.
        type: str
      ssl_profile:
        description: SSL profile, with O(itcare.profile_name=https) only.
        type: str
      redirect_to_https:
        description: Redirect HTTP to HTTPS, with O(itcare.profile_name=https) only. ITCare's default is V(false).
        type: bool
      persistence:
        description: Session persistence. ITCare's default is V(false).
        type: bool
      set_up_dns_enabled:
        description: Create the DNS record of the URL. ITCare's default is V(false).
        type: bool
      region:
        description: Region; it must be the cluster's. Required at creation.
        type: str
      area:
        description: Area of the region; ITCare's default area when not set.
        type: str
      regulation:
        description: Regulation of the area.
        type: str
        choices: [HDS, STANDARD]
      network_id:
        description:
          - Network of the virtual address; the cluster's network when not set.
          - Its id (a number) or its technical id (text), as for O(kaas.cloud.k8s_cluster#module:itcare.network_id).
        type: raw
      service_id:
        description: Id of the ITCare service. Required at creation.
        type: int
      cloud_id:
        description: Id of the cloud.
        type: int
      backup_enabled:
        description: Backup; V(true) needs O(itcare.server_backup_policy_id).
        type: bool
      replication_enabled:
        description: Replication.
        type: bool
      support_level:
        description: Monitoring and support level (for example V(BRONZE), V(SILVER), V(GOLD)).
        type: str
      server_backup_policy_id:
        description: Backup policy, when backup is on. Sent at creation only.
        type: str
      db_backup_policy_id:
        description: Database backup policy, when backup is on. Sent at creation only.
        type: str
      no_backup_prod_reason:
        description: Why a production load balancer is not backed up. Sent at creation only.
        type: str
      no_replication_prod_reason:
        description: Why a production load balancer is not replicated. Sent at creation only.
        type: str
      no_monitoring_prod_reason:
        description: Why a production load balancer is not monitored. Sent at creation only.
        type: str
  ecns:
    description:
      - ECNS settings of the LoadBalancer service and its Octavia load balancer (ECNS API reference, 1.19 服务,
        1.21 负载 C(access_mode) with C(external), 1.23 独享型负载均衡).
    type: dict
    suboptions:
      target_workload:
        description: Workload the service sends traffic to; it must exist in the namespace. Required at creation.
        type: str
      workload_type:
        description: Kind of O(ecns.target_workload); ECNS's default at creation is V(Deployment).
        type: str
        choices: [Deployment, StatefulSet, DaemonSet]
      ports:
        description:
          - Ports of the load balancer (ECNS C(access)). Required at creation. Compared by what is set, so a
            node port ECNS picked counts as unchanged.
        type: list
        elements: dict
        suboptions:
          port:
            description: Port the load balancer listens on, 1 to 65535.
            type: int
            required: true
          target_port:
            description: Port of the containers; O(ecns.ports[].port) when unset.
            type: int
          protocol:
            description: Protocol; ECNS's default is V(TCP).
            type: str
            choices: [TCP, UDP]
          node_port:
            description: Node port behind the load balancer (30000 to 32767); ECNS picks a free one when unset.
            type: int
      lb_name:
        description: Name of the Octavia load balancer; the service's O(name) when unset at creation.
        type: str
      subnet:
        description:
          - Id of the subnet of the load balancer's virtual IP (Octavia C(vip_subnet_id)). Required at creation;
            it must be one ECNS's subnet look-up offers
            (M(kaas.cloud.load_balancer_info) lists them with C(include=look_ups)).
        type: str
      availability_zone:
        description: Availability zone of the amphorae (C(compute_zone)); it must be available.
        type: str
      cpu_arch:
        description: CPU architecture of the amphorae.
        type: str
        choices: [x86_64, aarch64]
      flavor:
        description: Name of the Nova flavor of the amphorae (C(compute_flavor)); it must exist and be enabled.
        type: str
      topology:
        description:
          - Octavia topology. When a flavor setting is given without it, Octavia's default V(SINGLE) is sent.
        type: str
        choices: [SINGLE, ACTIVE_STANDBY, ACTIVE_ACTIVE]
      replicas:
        description:
          - Amphorae of a multi-active load balancer, with O(ecns.topology=ACTIVE_ACTIVE) only; 2 up to ECNS's
            replica limit (多活副本数限制).
        type: int
      amp_volume_type:
        description: Volume type of the amphorae's disks.
        type: str
      labels:
        description: Labels of the service, compared as a whole. Values must be text.
        type: dict
      annotations:
        description: Annotations of the service, compared as a whole. Values must be text.
        type: dict
seealso:
  - module: kaas.cloud.load_balancer_info
  - module: kaas.cloud.k8s_cluster
  - module: kaas.cloud.service
"""

EXAMPLES = r"""
- name: An HTTPS load balancer in front of the cluster's ingress nodes
  kaas.cloud.load_balancer:
    provider: itcare
    cluster: production
    name: shop.example.com
    itcare:
      profile_name: https
      healthcheck: http
      port_members: "80,443"
      certificate_name: wildcard_example.com
      redirect_to_https: true
      region: EB
      service_id: 123

- name: A TCP load balancer
  kaas.cloud.load_balancer:
    provider: itcare
    cluster: production
    name: mq.example.com
    itcare:
      profile_name: tcp
      healthcheck: tcp
      port_members: "5672"
      vs_port: 5672
      region: EB
      service_id: 123

- name: An exclusive Octavia load balancer in front of the ECNS workload web
  kaas.cloud.load_balancer:
    provider: ecns
    cluster: ecns-east
    namespace: default
    name: web-lb
    ecns:
      target_workload: web
      ports:
        - port: 443
          target_port: 8443
      subnet: subnet-app-1
      availability_zone: default-az
      flavor: lb.small
      topology: ACTIVE_STANDBY

- name: Delete it (the service and its load balancer)
  kaas.cloud.load_balancer:
    provider: ecns
    cluster: ecns-east
    name: web-lb
    state: absent
"""

RETURN = r"""
load_balancer:
  description:
    - The load balancer; in check mode the one that would be created; empty when O(state=absent)
      found none.
  returned: always
  type: dict
  contains:
    provider:
      description: The provider.
      type: str
      sample: itcare
    id:
      description: The provider's id (ECNS - the Octavia load balancer's id).
      type: str
      sample: "20001"
    name:
      description:
        - ITCare's name of the load balancer (the URL without scheme and C(www.)); ECNS - the service's name.
      type: str
      sample: shop.example.com
    cluster:
      description: Name of the cluster.
      type: str
      sample: production
    namespace:
      description: ECNS - namespace of the service.
      type: str
      returned: provider ecns
      sample: default
    product_type:
      description: ECNS - product of the API path.
      type: str
      returned: provider ecns
      sample: eks
    status:
      description: ITCare's status (C(CREATING), C(ACTIVE)); ECNS - Octavia's C(provisioning_status).
      type: str
      sample: ACTIVE
    created_at:
      description: Creation time.
      type: str
    itcare:
      description:
        - The settings as ITCare reports them, named like the O(itcare) options, plus C(url), C(ip_address),
          C(node_count) (members), C(environment), C(monitoring_requested), and C(action) (C(id),
          C(process), C(status), C(message)) of the creation when the task started it.
      type: dict
      returned: provider itcare
      sample: {url: shop.example.com, profile_name: https, port_members: "80,443", ip_address: 10.59.13.20}
    ecns:
      description:
        - The service and its load balancer, named like the O(ecns) options (O(ecns.flavor) by name, with
          C(flavor_id)), plus C(vip_address), C(public_ips) (the floating IP once C(ACTIVE)), C(cluster_ip),
          C(provisioning_status) and C(operating_status).
      type: dict
      returned: provider ecns
      sample:
        target_workload: web
        workload_type: Deployment
        ports: [{port: 443, target_port: 8443, protocol: TCP, node_port: 30000}]
        lb_name: web-lb
        subnet: subnet-app-1
        availability_zone: default-az
        flavor: lb.small
        topology: ACTIVE_STANDBY
        vip_address: 192.168.10.12
        provisioning_status: ACTIVE
"""

from ansible_collections.kaas.cloud.plugins.module_utils.arguments import (
    resource_argument_spec,
    state_spec,
    wait_argument_spec,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import options as ecns_options
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare import options as itcare_options
from ansible_collections.kaas.cloud.plugins.module_utils.runner import manage_resource


def argument_spec() -> dict:
    """The module's options (also what a fleet file's load balancers are checked against)."""
    return resource_argument_spec(
        cluster={"type": "str", "required": True},
        name={"type": "str", "required": True, "aliases": ["url"]},
        id={"type": "str"},
        state=state_spec(),
        itcare=itcare_options.lb_options(),
        ecns=ecns_options.lb_options(),
        **ecns_options.ecns_optional_scope_spec(),
        **wait_argument_spec(),
    )


def main() -> None:
    manage_resource("load_balancer", argument_spec(), ecns_options.ECNS_SCOPE_OPTIONS, ("itcare", "ecns"))


if __name__ == "__main__":
    main()
