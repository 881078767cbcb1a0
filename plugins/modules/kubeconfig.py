#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fetch a cluster's kubeconfig into a private file on the controller or target."""

from __future__ import annotations

DOCUMENTATION = r"""
module: kubeconfig
short_description: Fetch the kubeconfig of a managed Kubernetes cluster
version_added: 0.1.0
description:
  - Downloads the kubeconfig of a cluster and writes it to O(dest) atomically, readable by its
    owner only by default. The task reports C(changed) only when the file's content or mode changes.
  - The kubeconfig holds credentials, so it is not returned unless O(return_content=true).
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.wait
attributes:
  check_mode:
    support: full
    description: Reads the kubeconfig and predicts C(changed) without writing the file.
  diff_mode:
    support: full
    description: Shows the file's size, checksum and mode before and after, never its content.
options:
  cluster:
    description:
      - Name of the cluster. Required unless O(cluster_id) is given.
    type: str
  cluster_id:
    description:
      - Provider id of the cluster.
    type: str
  dest:
    description:
      - Path of the kubeconfig file to write.
      - Directories of the path that do not exist yet (a new user's C(~/.kube)) are created with
        mode C(0700), as C(kubectl) does; RV(created_directories) lists them. A part of the path
        that exists but is not a directory fails the task before any request.
      - When not set, nothing is written and O(return_content) must be V(true).
    type: path
  mode:
    description:
      - Permissions of O(dest), as for M(ansible.builtin.file).
    type: raw
    default: '0600'
  return_content:
    description:
      - Return the kubeconfig as RV(kubeconfig). Set C(no_log=true) on such a task, since the content
        holds the cluster's credentials.
    type: bool
    default: false
notes:
  - With O(wait=true), a cluster that is still being created or changed is waited for
    (up to O(wait_timeout)) before its kubeconfig is read; with O(wait=false) such a cluster fails the task.
seealso:
  - module: kaas.cloud.k8s_cluster
"""

EXAMPLES = r"""
- name: Kubeconfig of the production cluster, private to its owner
  kaas.cloud.kubeconfig:
    provider: deployme
    cluster: production
    dest: "{{ lookup('env', 'HOME') }}/.kube/production.yaml"

- name: Kubeconfig as a variable, kept out of logs
  kaas.cloud.kubeconfig:
    provider: deployme
    cluster: production
    return_content: true
  register: prod_kubeconfig
  no_log: true
"""

RETURN = r"""
dest:
  description: Path of the kubeconfig file.
  returned: when O(dest) is set
  type: str
  sample: /home/me/.kube/production.yaml
mode:
  description: Octal permissions of O(dest).
  returned: when O(dest) is set
  type: str
  sample: '0600'
created_directories:
  description: Directories of O(dest) that the task created (mode C(0700)), outermost first.
    In check mode, those it would create.
  returned: when O(dest) is set
  type: list
  elements: str
  sample: [/home/me/.kube]
kubeconfig:
  description: The kubeconfig (YAML text). Holds credentials.
  returned: when O(return_content=true)
  type: str
cluster:
  description: The cluster, in the portable view of M(kaas.cloud.k8s_cluster).
  returned: always
  type: dict
"""

import hashlib
import os
import stat
import tempfile
from types import SimpleNamespace

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_bytes

from ansible_collections.kaas.cloud.plugins.module_utils.arguments import resource_argument_spec, wait_argument_spec
from ansible_collections.kaas.cloud.plugins.module_utils.desired import check_identity
from ansible_collections.kaas.cloud.plugins.module_utils.errors import KaasError, ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.runner import ModuleRun, create_module


def describe(content: bytes | None, mode: int | None) -> dict:
    """What diff mode may show of a secret file: never its content."""
    if content is None:
        return {"state": "absent"}
    return {
        "state": "file",
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
        "mode": None if mode is None else f"{mode:04o}",
    }


def write_private(path: str, content: bytes, mode: int) -> None:
    """Write ``content`` to ``path`` atomically; the file never exists with wider permissions."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".kubeconfig-", dir=directory)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def argument_spec() -> dict:
    """The module's options (also what a fleet file's kubeconfig settings are checked against)."""
    return resource_argument_spec(
        cluster={"type": "str"},
        cluster_id={"type": "str"},
        dest={"type": "path"},
        mode={"type": "raw", "default": "0600"},
        return_content={"type": "bool", "default": False},
        **wait_argument_spec(),
    )


def main() -> None:
    module = create_module(
        argument_spec(),
        supports_check_mode=True,
        required_one_of=[("cluster", "cluster_id"), ("dest", "return_content")],
        mutually_exclusive=[("cluster", "cluster_id")],
    )
    if module.params["dest"] is None and not module.params["return_content"]:
        module.fail_json(msg="set dest to write the kubeconfig to a file, or return_content: true")
    wanted_mode = parse_mode(module, module.params["dest"]) if module.params["dest"] else None

    def action(run: ModuleRun) -> dict:
        check_identity("cluster", module.params["cluster"])
        check_identity("cluster_id", module.params["cluster_id"])
        dest = module.params["dest"]
        missing = missing_directories(dest) if dest else []
        selector = {"name": module.params["cluster"], "id": module.params["cluster_id"]}
        selector = {k: v for k, v in selector.items() if v}
        reconciler = run.reconciler("cluster")
        adapter = reconciler.adapter
        adapter.validate(selector)
        current = adapter.find(selector)
        if current is None:
            raise KaasError(f"{adapter.label(selector)} not found")
        current = reconciler.settle(selector, current)
        content = to_bytes(adapter.kubeconfig(current))
        result: dict = {"changed": False, "cluster": adapter.view(current)}
        if module.params["return_content"]:
            result["kubeconfig"] = content.decode("utf-8")
        if dest:
            try:
                if not module.check_mode:
                    create_private_directories(missing)
                result.update(sync_file(module, dest, content, wanted_mode))
            except OSError as error:
                raise KaasError(f"could not write the kubeconfig to {dest}: {error.strerror or error}") from None
            result["created_directories"] = missing
            result["changed"] = result["changed"] or bool(missing)
        return result

    ModuleRun(module).execute(action)


def missing_directories(dest: str) -> list[str]:
    """The directories of ``dest`` to create, outermost first; refuses a path through a file.

    Checked before any request, so a path that can never be written costs no provider call.
    """
    path = os.path.abspath(dest)
    if os.path.isdir(path):
        raise ValidationError(f"dest {dest!r} is a directory; give the path of the kubeconfig file")
    missing: list[str] = []
    directory = os.path.dirname(path)
    while not os.path.exists(directory):
        missing.append(directory)
        directory = os.path.dirname(directory)
    if not os.path.isdir(directory):
        raise ValidationError(f"dest {dest!r} cannot be written: {directory} exists and is not a directory")
    return list(reversed(missing))


def create_private_directories(directories: list[str]) -> None:
    """Create each directory readable by its owner only (0700), as kubectl does for ~/.kube."""
    for directory in directories:
        try:
            os.mkdir(directory, 0o700)
        except FileExistsError:
            # Another fork of the same play (or the user) made it meanwhile: fine if it is a directory.
            if not os.path.isdir(directory):
                raise ValidationError(f"{directory} appeared meanwhile and is not a directory") from None
            continue
        # mkdir's mode is masked by the umask; kubectl's 0700 is not.
        os.chmod(directory, 0o700)


def sync_file(module: AnsibleModule, dest: str, content: bytes, wanted_mode: int) -> dict:
    """Bring ``dest`` to ``content`` and the requested mode; report what changed."""
    before_content = None
    before_mode = None
    if os.path.exists(dest):
        with open(dest, "rb") as handle:
            before_content = handle.read()
        before_mode = os.stat(dest).st_mode & 0o7777
    changed = before_content != content or before_mode != wanted_mode
    if changed and not module.check_mode:
        if before_content != content:
            write_private(dest, content, 0o600)
        os.chmod(dest, wanted_mode)
    result: dict = {"changed": changed, "dest": dest, "mode": f"{wanted_mode:04o}"}
    if module._diff:
        result["diff"] = {"before": describe(before_content, before_mode), "after": describe(content, wanted_mode)}
    return result


def parse_mode(module: AnsibleModule, dest: str) -> int:
    """The numeric mode asked for (octal string, int or symbolic), checked before any request."""
    mode = module.params["mode"]
    numeric: int | None = mode if isinstance(mode, int) else None
    if numeric is None:
        try:
            numeric = int(str(mode), 8)
        except ValueError:
            numeric = None
    if numeric is not None:
        if not 0 <= numeric <= 0o7777:
            module.fail_json(msg=f"mode {mode!r} is not a file mode (0000 to 7777 in octal)")
        return numeric
    # The symbolic form (u=rw,g=r) is relative to the file's mode, or to a new file's 0600.
    current = os.stat(dest) if os.path.exists(dest) else SimpleNamespace(st_mode=stat.S_IFREG | 0o600)
    try:
        return module._symbolic_mode_to_octal(current, str(mode)) & 0o7777
    except ValueError as error:
        module.fail_json(msg=f"mode {mode!r} is not an octal or symbolic mode: {error}")
    raise AssertionError("unreachable")  # fail_json exits


if __name__ == "__main__":
    main()
