#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Create, open, close and delete an ECNS image workspace (a Harbor project)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: image_workspace
short_description: Manage an image workspace (Harbor project) of the ECNS registry
version_added: 0.1.0
description:
  - Creates and deletes a workspace of the ECNS image registry (ECNS API reference, 1.7 工作空间), and makes it
    public or private. Only provider V(ecns) has workspaces. A workspace belongs to the cloud project, not to a
    cluster.
  - Images are pushed into a workspace with C(docker push); see M(kaas.cloud.image_info) for the registry
    login and M(kaas.cloud.image) to describe or delete images.
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.attributes
options:
  name:
    description:
      - Name of the workspace; lower-case letters and digits split by single C(.), C(_) or C(-), at most 255.
    type: str
    required: true
  public:
    description:
      - Whether anyone may pull the workspace's images (V(true)) or only members of the project (V(false)).
      - When not set, an existing workspace keeps its access and a new one is private.
    type: bool
  state:
    description:
      - V(present) creates the workspace or changes its access; V(absent) deletes it.
      - ECNS refuses to delete a workspace that still holds images; delete them first with M(kaas.cloud.image).
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: kaas.cloud.image_workspace_info
  - module: kaas.cloud.image
  - module: kaas.cloud.image_info
"""

EXAMPLES = r"""
- name: A private workspace for the team's images
  kaas.cloud.image_workspace:
    provider: ecns
    name: team

- name: Open it to everyone
  kaas.cloud.image_workspace:
    provider: ecns
    name: team
    public: true

- name: Delete it (it must hold no image)
  kaas.cloud.image_workspace:
    provider: ecns
    name: team
    state: absent
"""

RETURN = r"""
image_workspace:
  description: The workspace after the task; empty when it is absent.
  returned: always
  type: dict
  contains:
    name:
      description: Name of the workspace.
      type: str
      sample: team
    public:
      description: Whether the workspace is public.
      type: bool
      sample: false
    image_count:
      description: Number of images in the workspace.
      type: int
      sample: 2
    images:
      description: Names of its images.
      type: list
      elements: str
      sample: [nginx, redis]
    creation_time:
      description: When ECNS created the workspace.
      type: str
      sample: "2026-03-01T10:00:00Z"
    domain:
      description: Department (domain) that owns the workspace.
      type: str
      sample: Default
    project:
      description: Cloud project that owns the workspace.
      type: str
      sample: demo
"""

from ansible_collections.kaas.cloud.plugins.module_utils.arguments import resource_argument_spec, state_spec
from ansible_collections.kaas.cloud.plugins.module_utils.runner import manage_resource


def main() -> None:
    spec = resource_argument_spec(name={"type": "str", "required": True}, public={"type": "bool"}, state=state_spec())
    manage_resource("image_workspace", spec, ("public",))


if __name__ == "__main__":
    main()
