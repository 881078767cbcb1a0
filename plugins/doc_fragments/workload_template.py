# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pod template of a workload (containers and volumes), in the ECNS API's field names."""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  containers:
    description:
      - The containers of the pod template, the whole list. Required to create the workload.
      - For a workload, a change is sent with the pod-configuration call (C(?action=containers)) and creates a
        new revision; the pod template of a job or cronjob cannot change once it exists.
    type: list
    elements: dict
    suboptions:
      name:
        description: Container name.
        type: str
        required: true
      type:
        description: V(worker) for an application container, V(init) for an init container.
        type: str
        choices: [worker, init]
        default: worker
      image_source:
        description: V(ecns) for an image of the ECNS registry (then give O(containers[].image.harbor_project_name)),
          V(third_party) for any other registry.
        type: str
        choices: [ecns, third_party]
      image:
        description: The image.
        type: dict
        required: true
        suboptions:
          image:
            description: Image address without the tag, for example V(nginx) or V(registry.example.com/team/app).
            type: str
            required: true
          image_version:
            description: Image tag.
            type: str
            required: true
          harbor_project_name:
            description: Workspace (Harbor project) of the image when O(containers[].image_source=ecns).
            type: str
          image_pull_policy:
            description: When the node pulls the image.
            type: str
            choices: [Always, IfNotPresent]
          image_auth:
            description: Whether pulling needs credentials.
            type: bool
          image_secret:
            description: Name of the image-pull secret (not its content).
            type: str
      resources:
        description: CPU (cores, may be fractional) and memory (MiB) reserved and allowed.
        type: dict
        suboptions:
          requests:
            description: Reserved resources.
            type: dict
            suboptions:
              cpu:
                description: CPU cores, for example V(0.1).
                type: float
              memory:
                description: Memory in MiB.
                type: int
          limits:
            description: Resource limits.
            type: dict
            suboptions:
              cpu:
                description: CPU cores.
                type: float
              memory:
                description: Memory in MiB.
                type: int
      env:
        description:
          - Environment variables.
          - For V(Normal), O(containers[].env[].key) is the value (the ECNS convention).
          - For V(ConfigMap) and V(Secret), O(containers[].env[].key) names the ConfigMap or Secret and
            O(containers[].env[].value) the entry in it.
        type: list
        elements: dict
        suboptions:
          type:
            description: Where the value comes from.
            type: str
            choices: [Normal, ConfigMap, Secret]
            default: Normal
          name:
            description: Variable name.
            type: str
            required: true
          key:
            description: The value (V(Normal)) or the ConfigMap/Secret name.
            type: str
          value:
            description: The ConfigMap/Secret entry (not used for V(Normal)).
            type: str
      volume_mounts:
        description: Volumes of O(volumes) mounted in the container.
        type: list
        elements: dict
        suboptions:
          volume_name:
            description: Name of a volume of O(volumes).
            type: str
            required: true
          mount_path:
            description: Directory in the container, for example V(/tmp).
            type: str
            required: true
          read_only:
            description: Mount read-only.
            type: bool
            default: false
          sub_path:
            description: Path inside the volume.
            type: str
      logsidecar_injector:
        description: Absolute paths of log files a log side-car collects.
        type: list
        elements: str
      health:
        description:
          - Health checks (ECNS C(health)); at most one of each type.
          - A liveness check needs O(containers[].health[].success_threshold) 1 (or unset).
        aliases: [probes]
        type: list
        elements: dict
        suboptions:
          type:
            description: Liveness, readiness or startup check.
            type: str
            choices: [liveness, readiness, startup]
            required: true
          protocol:
            description: How to check; V(http) and V(https) need a path and a port, V(tcp) a port, V(cmd) a command.
            type: str
            choices: [http, https, tcp, cmd]
            required: true
          host:
            description: Host to connect to, the pod IP by default.
            type: str
          path:
            description: HTTP path.
            type: str
          cmd:
            description: Command line of a V(cmd) check.
            type: str
          port:
            description: Port to check.
            type: int
          initial_delay:
            description: Seconds before the first check.
            type: int
          period:
            description: Seconds between checks.
            type: int
          timeout:
            description: Seconds before a check times out.
            type: int
          success_threshold:
            description: Successes in a row that make the container healthy; must be 1 for a liveness check.
            type: int
          failure_threshold:
            description: Failures in a row that make the container unhealthy.
            type: int
      security:
        description: Security context.
        type: dict
        suboptions:
          run_as_nonroot:
            description: Refuse to run as root.
            type: bool
          rootfs_readonly:
            description: Read-only root file system.
            type: bool
          host_pid:
            description: Share the host's process namespace.
            type: bool
          host_ipc:
            description: Share the host's IPC namespace.
            type: bool
          run_as_user:
            description: User id to run as.
            type: int
          run_as_group:
            description: Group id to run as.
            type: int
          privileged:
            description: Privileged container.
            type: bool
          capabilities:
            description: Linux capabilities to add or drop.
            type: dict
            suboptions:
              action:
                description: Add or drop the capabilities.
                type: str
                choices: [add, drop]
                required: true
              caps:
                description: Capabilities, for example V(NET_BIND_SERVICE).
                type: list
                elements: str
                required: true
      commands:
        description: Start command, replacing the image's.
        type: dict
        suboptions:
          cmd:
            description: Command as a list of words.
            type: list
            elements: str
          args:
            description: Arguments as a list of words.
            type: list
            elements: str
      hooks:
        description: Lifecycle hooks.
        type: list
        elements: dict
        suboptions:
          type:
            description: When the hook runs.
            type: str
            choices: [PreStop, PostStart]
            required: true
          cmd:
            description: Command as a list of words.
            type: list
            elements: str
  volumes:
    description:
      - Volumes of the pod, the whole list. Part of the pod template; for a workload, a change is sent together
        with the containers and creates a revision.
    type: list
    elements: dict
    suboptions:
      name:
        description: Volume name, used by O(containers[].volume_mounts[].volume_name).
        type: str
        required: true
      type:
        description: Kind of volume; each kind needs the option of the same name.
        type: str
        choices: [StorageClass, PVC, LocalStorage, EmptyDir, ConfigMap, Secret]
        required: true
      storage_class:
        description:
          - For V(StorageClass), the class and size, for example C(class_name=general) and C(capacity="10").
        type: dict
      pvc:
        description: For V(PVC), the claim as the ECNS storage API lists it.
        type: raw
      local_storage:
        description: For V(LocalStorage), a host path such as V(/var/run).
        type: str
      emptydir:
        description: For V(EmptyDir), the medium (empty for the node's disk).
        type: str
      configmap:
        description: For V(ConfigMap), C(type), C(name), C(path) and optional C(items) (C(key), C(path)).
        type: dict
      secret:
        description: For V(Secret), like O(volumes[].configmap).
        type: dict
"""
