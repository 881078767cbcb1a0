#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Create, describe, start, redeploy and delete an ECNS application (a group of workloads)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: application
short_description: Manage an application of Kubernetes workloads, with hybrid VM workloads (ECNS)
version_added: 0.1.0
description:
  - Creates, starts, redeploys and deletes an application of a namespace of an ECNS cluster (ECNS API reference,
    1.2 应用管理 and 1.8 混合编排), and changes its description. Only provider V(ecns) has applications.
  - An application groups workloads. Its members are given at creation only (O(workloads), and for a
    V(Hybrid) application O(virtual_machines), O(vm_network) and O(configmaps)); ECNS cannot change them
    through the application, so these options are never compared afterwards. Change a member with
    M(kaas.cloud.workload) (its O(kaas.cloud.workload#module:application) option moves it in or out).
  - The description is the only setting ECNS changes in place.
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.ecns_scope
  - kaas.cloud.wait
  - kaas.cloud.attributes
options:
  name:
    description:
      - Name of the application; at most 63 lower-case letters, digits or C(-). V(app) is refused (ECNS uses
        C(/applications/app/) for its batch calls, so that application could never be described).
    type: str
    required: true
  type:
    description:
      - V(Normal) groups container workloads; V(Hybrid) adds virtual machines and needs O(product_type=hybrid).
      - A V(Normal) and a V(Hybrid) application may have the same name; this option tells them apart.
    type: str
    choices: [Normal, Hybrid]
    default: Normal
  description:
    description: Description of the application (Markdown is shown as such in the ECNS portal).
    type: str
  workloads:
    description:
      - Container workloads created with the application (create only). Each item takes the options of
        M(kaas.cloud.workload) that describe a workload (V(name), V(type), V(replicas), V(containers),
        V(volumes), V(update_strategy), V(scale_strategy), V(scheduler_strategy), V(network), V(labels),
        V(access_modes)), checked with the same rules before any request.
    type: list
    elements: dict
  vm_network:
    description:
      - Network and subnet of the virtual machines; required to create a V(Hybrid) application (create only).
    type: dict
    suboptions:
      network_name:
        description: Name of the network.
        type: str
        required: true
      network_id:
        description: ID of the network.
        type: str
        required: true
      subnet_name:
        description: Name of the subnet.
        type: str
        required: true
      subnet_id:
        description: ID of the subnet.
        type: str
        required: true
  configmaps:
    description:
      - Configmaps a V(Hybrid) application creates in the namespace (create only); then managed with
        M(kaas.cloud.configmap).
    type: list
    elements: dict
    suboptions:
      name:
        description: Name of the configmap.
        type: str
        required: true
      config:
        description: Key-value pairs of the configmap.
        type: dict
        required: true
  virtual_machines:
    description:
      - VM workloads of a V(Hybrid) application (create only); each is O(virtual_machines[].replicas) identical
        virtual machines behind a load balancer. Read them with M(kaas.cloud.virtual_machine_info).
    type: list
    elements: dict
    suboptions:
      name:
        description: Name of the VM workload.
        type: str
        required: true
      replicas:
        description: Number of virtual machines.
        type: int
        required: true
      availability_zone:
        description: Availability zone of the virtual machines.
        type: str
        required: true
      flavor_name:
        description: Flavor (size) of the virtual machines.
        type: str
        required: true
      boot_manager:
        description: Boot source.
        type: dict
        required: true
        suboptions:
          type:
            description: Kind of boot source; names the one of the other suboptions to set.
            type: str
            required: true
            choices: [image, snapshot, volume]
          image:
            description: Image name, for O(virtual_machines[].boot_manager.type=image).
            type: str
          snapshot:
            description: VM snapshot name, for O(virtual_machines[].boot_manager.type=snapshot).
            type: str
          bootable_volume:
            description: Bootable volume name, for O(virtual_machines[].boot_manager.type=volume).
            type: str
      system_disk:
        description: System disk.
        type: dict
        required: true
        suboptions:
          size:
            description: Size in GiB.
            type: int
            required: true
          type:
            description: V(hdd) (capacity) or V(high-performance).
            type: str
            choices: [hdd, high-performance]
      data_disk:
        description: Data disks.
        type: list
        elements: dict
        suboptions:
          type:
            description: V(hdd) (capacity) or V(high-performance).
            type: str
            required: true
            choices: [hdd, high-performance]
          size:
            description: Size in GiB.
            type: int
            required: true
          amount:
            description: Number of such disks.
            type: int
          cascade_deletion:
            description: Delete the disks with the virtual machines.
            type: bool
      security_groups:
        description: Security groups of the virtual machines.
        type: list
        elements: str
        default: [default]
      loadbalancer:
        description: Load balancer in front of the virtual machines.
        type: dict
        required: true
        suboptions:
          name:
            description: Name shown for the load balancer.
            type: str
          internal_ip:
            description: IP address of the load balancer in the subnet.
            type: str
            required: true
          access:
            description: Ports the load balancer forwards.
            type: list
            elements: dict
            required: true
            suboptions:
              port:
                description: Port number.
                type: int
                required: true
              protocol:
                description: Protocol.
                type: str
                choices: [TCP, UDP]
      authentication:
        description: Login credentials of the virtual machines; a key pair, a password or both.
        type: dict
        required: true
        suboptions:
          keypair:
            description: Name of an SSH key pair.
            type: str
          password:
            description: Login password. Never returned, logged or shown in a diff.
            type: str
      user_data:
        description: Cloud-init user data. Never returned, logged or shown in a diff.
        type: str
  cascade:
    description:
      - What O(state=absent) deletes with the application. V(none) keeps its workloads and VM workloads (they
        stay in the namespace, without an application); V(workloads) deletes them too; V(workloads_and_services)
        also deletes the services of the workloads; V(all) deletes every resource the application made,
        including the configmaps of a V(Hybrid) application.
    type: str
    choices: [none, workloads, workloads_and_services, all]
    default: none
  state:
    description:
      - V(present) creates the application or changes its description.
      - V(started) is V(present) and starts every stopped workload of the application (one batch start call).
      - V(restarted) is V(present) and redeploys every member of an existing application (new pods and new
        virtual machine instances); it always reports a change and sends nothing in check mode.
      - V(absent) deletes the application with what O(cascade) names.
    type: str
    choices: [present, absent, started, restarted]
    default: present
notes:
  - ECNS has no call to stop an application; stop its workloads with M(kaas.cloud.workload).
seealso:
  - module: kaas.cloud.application_info
  - module: kaas.cloud.workload
  - module: kaas.cloud.virtual_machine_info
"""

EXAMPLES = r"""
- name: A blog with its web workload
  kaas.cloud.application:
    provider: ecns
    cluster: ecns-east
    namespace: default
    name: blog
    description: The team blog
    workloads:
      - name: blog-web
        replicas: 2
        containers:
          - name: nginx
            image:
              image: nginx
              image_version: "1.25"
        access_modes:
          - type: NodePort
            access:
              - port: 80

- name: Redeploy every pod of the blog
  kaas.cloud.application:
    provider: ecns
    cluster: ecns-east
    name: blog
    state: restarted

- name: Delete the blog with its workloads and their services
  kaas.cloud.application:
    provider: ecns
    cluster: ecns-east
    name: blog
    cascade: workloads_and_services
    state: absent
"""

RETURN = r"""
application:
  description: The application after the task; empty when it is absent.
  returned: always
  type: dict
  contains:
    name:
      description: Name of the application.
      type: str
      sample: blog
    type:
      description: V(Normal) or V(Hybrid).
      type: str
      sample: Normal
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
    description:
      description: Description.
      type: str
      sample: The team blog
    status:
      description: "ECNS status: C(No workload), C(Stopped), C(Unready), C(Running) or C(Processing)."
      type: str
      sample: Running
    running:
      description: Whether no workload of the application is stopped.
      type: bool
      sample: true
    creation_time:
      description: When ECNS created the application.
      type: str
      sample: "2026-03-01T10:00:00Z"
    vm_network:
      description: Network of the virtual machines (V(Hybrid) only, else null).
      type: dict
      sample: {network_name: app-net, network_id: 6f0c1f4e, subnet_name: app-subnet, subnet_id: 7a1d2e5f}
    configmaps:
      description: Names of the configmaps a V(Hybrid) application created that still exist.
      type: list
      elements: str
      sample: [shop-config]
    workloads:
      description: Container workloads of the application with their status.
      type: list
      elements: dict
      sample:
        - {name: blog-web, type: Deployment, status: Running, ready_replicas: 2, images: ["nginx:1.25"]}
    virtual_machines:
      description:
        - VM workloads of a V(Hybrid) application, each as returned by M(kaas.cloud.virtual_machine_info)
          (the login password is never returned).
      type: list
      elements: dict
      sample:
        - {name: db, application: shop, replicas: 2, status: ACTIVE, image: ubuntu-22.04}
"""

from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import options as ecns_options
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.workload_runner import (
    converge_restartable,
    desired_running,
)
from ansible_collections.kaas.cloud.plugins.module_utils.runner import ModuleRun, create_module


def main() -> None:
    options = ecns_options.application_options()
    module = create_module(
        ecns_options.ecns_object_spec(options, "started", "restarted", wait=True), supports_check_mode=True
    )

    def action(run: ModuleRun) -> dict[str, Any]:
        desired = desired_running(module.params, ecns_options.ecns_object_options(options))
        return converge_restartable(module, run, "application", desired)

    ModuleRun(module).execute(action)


if __name__ == "__main__":
    main()
