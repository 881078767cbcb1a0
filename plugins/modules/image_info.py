#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read the images of the ECNS registry, their tags, the registry login, storage and garbage collection."""

from __future__ import annotations

DOCUMENTATION = r"""
module: image_info
short_description: List the images of the ECNS registry, with tags, login, storage and GC status
version_added: 0.1.0
description:
  - Returns one image by name, or the images of the ECNS image registry (of one workspace, public or private ones),
    in the view that M(kaas.cloud.image) returns (ECNS API reference, 1.9 镜像). Only provider V(ecns) has images.
  - On request it adds each image's tags, the registry login for C(docker login), the registry storage and the
    status of its garbage collection.
  - ECNS lists public and private images separately, so a listing without O(public) costs two list requests,
    and one more request per image for its size and pull count.
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.attributes.info_module
options:
  name:
    description:
      - One image, V(<workspace>/<image>). Without it, every image (of O(workspace), of O(public) access).
    type: str
  workspace:
    description: Only the images of this workspace.
    type: str
  public:
    description: Only public (V(true)) or only private (V(false)) images.
    type: bool
  include:
    description:
      - V(tags) adds the tags of each image (one request per image).
      - V(login) adds C(login), the registry address and user name for C(docker login); its password only with
        O(return_password=true).
      - V(storage) adds C(storage), the total, free and used bytes of the registry.
      - V(gc) adds C(gc), the status of the registry's garbage collection.
    type: list
    elements: str
    choices: [tags, login, storage, gc]
    default: []
  return_password:
    description:
      - Return the registry password in C(login.password). It is a credential; the task should set C(no_log).
        Without this option the password is never returned, logged or shown.
    type: bool
    default: false
seealso:
  - module: kaas.cloud.image
  - module: kaas.cloud.image_workspace
"""

EXAMPLES = r"""
- name: The private images of a workspace with their tags
  kaas.cloud.image_info:
    provider: ecns
    workspace: team
    public: false
    include: [tags]
  register: team_images

- name: How much registry storage is left
  kaas.cloud.image_info:
    provider: ecns
    name: team/nginx
    include: [storage, gc]
  register: registry

- name: Credentials for docker login (kept out of the logs)
  kaas.cloud.image_info:
    provider: ecns
    name: team/nginx
    include: [login]
    return_password: true
  no_log: true
  register: registry_login
"""

RETURN = r"""
images:
  description:
    - The images found (see the C(image) return value of M(kaas.cloud.image)), each with C(tags) when
      O(include) has V(tags); empty when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    tags:
      description: The tags of the image (C(tag_name), C(size), C(creation_time), C(docker_version), C(pull_command)).
      returned: when O(include) has V(tags)
      type: list
      elements: dict
      sample:
        - {tag_name: "1.25", size: 26214400, pull_command: "docker pull harbor.ecns.local/team/nginx:1.25"}
  sample:
    - name: team/nginx
      workspace: team
      image: nginx
      description: "# nginx"
      public: false
      tags_count: 1
      size: 26214400
      pull_count: 3
      tags:
        - tag_name: "1.25"
          size: 26214400
          pull_command: docker pull harbor.ecns.local/team/nginx:1.25
login:
  description: Registry login for C(docker login).
  returned: when O(include) has V(login)
  type: dict
  contains:
    username:
      description: User name.
      type: str
      sample: robot$demo
    harbor_domain:
      description: Address of the registry.
      type: str
      sample: harbor.ecns.local
    public_vip:
      description: Address of the platform.
      type: str
      sample: 172.24.0.100
    password:
      description: Password of the registry user.
      type: str
      returned: when O(return_password=true)
      sample: "********"
storage:
  description: Registry storage in bytes.
  returned: when O(include) has V(storage)
  type: dict
  contains:
    total:
      description: Capacity.
      type: int
      sample: 5150212096
    free:
      description: Bytes left.
      type: int
      sample: 4864376832
    used:
      description: Bytes used, including deleted image data a garbage collection has not freed yet.
      type: int
      sample: 285835264
gc:
  description: Garbage collection of the registry.
  returned: when O(include) has V(gc)
  type: dict
  contains:
    status:
      description: C(pending) while a garbage collection runs, else C(finished).
      type: str
      sample: finished
"""

from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.arguments import resource_argument_spec
from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.identity import check_identity
from ansible_collections.kaas.cloud.plugins.module_utils.info_runner import ModuleRun, create_module
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.image_common import check_workspace_name


def report(run: ModuleRun) -> dict[str, Any]:
    params = run.module.params
    wanted = set(params["include"] or [])
    if params["return_password"] and "login" not in wanted:
        raise ValidationError("return_password needs include: [login]")
    check_identity("name", params["name"])
    adapter = run.adapter("image")
    if params["name"]:
        adapter.validate({"name": params["name"]})
        found = adapter.find({"name": params["name"]})
        items = [found] if found is not None else []
    else:
        if params["workspace"]:
            check_workspace_name(params["workspace"])
        items = adapter.list({"workspace": params["workspace"], "public": params["public"]})
    images = []
    for item in items:
        view = adapter.view(item)
        if "tags" in wanted:
            view["tags"] = adapter.tags(item)
        images.append(view)
    result = {"changed": False, "images": images, **adapter.account_details(wanted)}
    login = result.get("login")
    if login is not None and not params["return_password"]:
        # Asked for the address, not the credential: drop it, and mask it should it appear anywhere.
        password = login.pop("password", None)
        if password:
            run.module.no_log_values.add(str(password))
    return result


def main() -> None:
    spec = resource_argument_spec(
        name={"type": "str"},
        workspace={"type": "str"},
        public={"type": "bool"},
        include={"type": "list", "elements": "str", "choices": ["tags", "login", "storage", "gc"], "default": []},
        # A switch, not a secret: it only says whether to return one.
        return_password={"type": "bool", "default": False, "no_log": False},
    )
    module = create_module(spec, supports_check_mode=True)
    ModuleRun(module).execute(report)


if __name__ == "__main__":
    main()
