#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Describe or delete an image of the ECNS registry, or delete one of its tags."""

from __future__ import annotations

DOCUMENTATION = r"""
module: image
short_description: Describe or delete an image, or delete an image tag, in the ECNS registry
version_added: 0.1.0
description:
  - Changes the description of an image of the ECNS image registry, deletes an image with every tag, or
    deletes one tag (ECNS API reference, 1.9 镜像). Only provider V(ecns) has images.
  - Images are pushed with C(docker push) (see M(kaas.cloud.image_info) for the registry login) or uploaded in
    the ECNS portal; this module never creates one, and fails when O(state=present) names an image or tag that
    does not exist.
  - Deleted image data keeps using registry storage until a garbage collection runs (see
    M(kaas.cloud.image_info) O(kaas.cloud.image_info#module:include=storage)).
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.attributes
options:
  name:
    description:
      - The image as C(docker pull) names it without the registry, V(<workspace>/<image>), for example
        V(team/nginx).
    type: str
    required: true
  tag:
    description:
      - One tag (version) of the image. With it the task acts on that tag only; O(state=absent) deletes the tag
        and keeps the image.
    type: str
  description:
    description:
      - Description of the image (the ECNS portal shows it as Markdown). Compared exactly.
    type: str
  state:
    description:
      - V(present) changes the description of an existing image (or checks that the tag exists).
      - V(absent) deletes the image with every tag, or only O(tag).
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: kaas.cloud.image_info
  - module: kaas.cloud.image_workspace
"""

EXAMPLES = r"""
- name: Describe an image
  kaas.cloud.image:
    provider: ecns
    name: team/nginx
    description: |
      # nginx
      The team's web server image.

- name: Delete an old tag
  kaas.cloud.image:
    provider: ecns
    name: team/nginx
    tag: "1.24"
    state: absent

- name: Delete the image with every tag
  kaas.cloud.image:
    provider: ecns
    name: team/nginx
    state: absent
"""

RETURN = r"""
image:
  description: The image after the task when O(tag) is not set; empty when it is absent.
  returned: when O(tag) is not set
  type: dict
  contains:
    name:
      description: V(<workspace>/<image>).
      type: str
      sample: team/nginx
    workspace:
      description: Workspace of the image.
      type: str
      sample: team
    image:
      description: Name of the image in its workspace.
      type: str
      sample: nginx
    id:
      description: ECNS identifier of the image.
      type: str
      sample: 3f9a1c0b2d4e5f60
    description:
      description: Description.
      type: str
      sample: "# nginx"
    public:
      description: Whether the image is public (its workspace's access).
      type: bool
      sample: false
    tags_count:
      description: Number of tags.
      type: int
      sample: 2
    size:
      description: Bytes used by its tags.
      type: int
      sample: 52428800
    pull_count:
      description: How many times it was pulled.
      type: int
      sample: 12
    creation_time:
      description: When the image was first pushed.
      type: str
      sample: "2026-03-01T10:00:00Z"
image_tag:
  description: The tag after the task when O(tag) is set; empty when it is absent.
  returned: when O(tag) is set
  type: dict
  contains:
    name:
      description: V(<workspace>/<image>).
      type: str
      sample: team/nginx
    workspace:
      description: Workspace of the image.
      type: str
      sample: team
    image:
      description: Name of the image in its workspace.
      type: str
      sample: nginx
    tag:
      description: The tag.
      type: str
      sample: "1.25"
    size:
      description: Size in bytes.
      type: int
      sample: 26214400
    docker_version:
      description: Docker version that built it.
      type: str
      sample: 20.10.24
    pull_command:
      description: The C(docker pull) command of the tag.
      type: str
      sample: docker pull harbor.ecns.local/team/nginx:1.25
    creation_time:
      description: When the tag was pushed.
      type: str
      sample: "2026-03-01T10:00:00Z"
"""

from ansible_collections.kaas.cloud.plugins.module_utils.arguments import resource_argument_spec, state_spec
from ansible_collections.kaas.cloud.plugins.module_utils.runner import create_module, reconcile_resource


def main() -> None:
    spec = resource_argument_spec(
        name={"type": "str", "required": True}, tag={"type": "str"}, description={"type": "str"}, state=state_spec()
    )
    module = create_module(spec, supports_check_mode=True, mutually_exclusive=[("tag", "description")])
    # An image and its tags are two resources of the registry: a task manages one or the other.
    if module.params["tag"] is None:
        reconcile_resource(module, "image", ("description",), ())
    else:
        reconcile_resource(module, "image_tag", ("tag",), ())


if __name__ == "__main__":
    main()
