#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Create a custom load balancer in front of a managed Kubernetes cluster's ingress nodes."""

from __future__ import annotations

DOCUMENTATION = r"""
module: lb
short_description: Manage the custom load balancers of a managed Kubernetes cluster
version_added: 0.1.0
description:
  - Creates a custom load balancer of a cluster, in front of its ingress nodes. Provider C(itcare) only.
  - The load balancer is found by its URL among the cluster's load balancers; when it exists, nothing is
    sent. Every setting is fixed at creation, so a different setting on an existing load balancer fails
    and names the setting.
  - ITCare's API cannot delete a load balancer. O(state=absent) on an existing one fails, before any
    request and in check mode too, instead of reporting a deletion that did not happen.
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
        with the header C(ITCare-DryRun), so ITCare validates it without doing it.
  diff_mode:
    support: full
    description: Shows the load balancer before and after.
options:
  cluster:
    description:
      - Name or id of the cluster the load balancer belongs to. The cluster must exist.
    type: str
    required: true
  name:
    description:
      - URL of the load balancer (ITCare C(url)), for example V(app.example.com). It must match ITCare's
        pattern C(^(https?://)?(www\.)?[a-zA-Z][a-zA-Z0-9.-]{2,63}$) and be unique.
      - ITCare names the load balancer after the URL without scheme and V(www.), and this module finds
        it by that name.
    type: str
    required: true
    aliases: [url]
  id:
    description:
      - Provider id of the load balancer, to pick one when several share a name.
    type: str
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
        description: Network of the virtual address; the cluster's network when not set.
        type: int
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
seealso:
  - module: kaas.cloud.lb_info
  - module: kaas.cloud.k8s_cluster
"""

EXAMPLES = r"""
- name: An HTTPS load balancer in front of the cluster's ingress nodes
  kaas.cloud.lb:
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
  kaas.cloud.lb:
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
      description: The provider's id.
      type: str
      sample: "20001"
    name:
      description: ITCare's name of the load balancer (the URL without scheme and C(www.)).
      type: str
      sample: shop.example.com
    cluster:
      description: Name of the cluster.
      type: str
      sample: production
    status:
      description: ITCare's status (C(CREATING), C(ACTIVE)).
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
      sample: {url: shop.example.com, profile_name: https, port_members: "80,443", ip_address: 10.59.13.20}
"""


from ansible_collections.kaas.cloud.plugins.module_utils.arguments import resource_argument_spec, wait_argument_spec
from ansible_collections.kaas.cloud.plugins.module_utils.providers import itcare_options
from ansible_collections.kaas.cloud.plugins.module_utils.runner import create_module, reconcile_resource


def main() -> None:
    spec = resource_argument_spec(
        cluster={"type": "str", "required": True},
        name={"type": "str", "required": True, "aliases": ["url"]},
        id={"type": "str"},
        state={"type": "str", "choices": ["present", "absent"], "default": "present"},
        itcare=itcare_options.lb_options(),
        **wait_argument_spec(),
    )
    module = create_module(spec, supports_check_mode=True)
    reconcile_resource(module, "load_balancer", ("cluster",), ("itcare",))


if __name__ == "__main__":
    main()
