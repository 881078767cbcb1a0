#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read the image workspaces (Harbor projects) of the ECNS registry."""

from __future__ import annotations

DOCUMENTATION = r"""
module: image_workspace_info
short_description: List the image workspaces (Harbor projects) of the ECNS registry
version_added: 0.1.0
description:
  - Returns one workspace by name, or every workspace of the cloud project, with its access and images, in
    the view that M(kaas.cloud.image_workspace) returns. Only provider V(ecns) has workspaces.
  - The ECNS list has no image names, so listing costs one more request per workspace.
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.attributes.info_module
options:
  name:
    description: Name of one workspace. Without it, every workspace is returned (every page of the list).
    type: str
seealso:
  - module: kaas.cloud.image_workspace
"""

EXAMPLES = r"""
- name: Every workspace
  kaas.cloud.image_workspace_info:
    provider: ecns
  register: workspaces

- name: One workspace with its images
  kaas.cloud.image_workspace_info:
    provider: ecns
    name: team
  register: team
"""

RETURN = r"""
image_workspaces:
  description:
    - The workspaces found (see the C(image_workspace) return value of M(kaas.cloud.image_workspace)); empty
      when none matches.
  returned: always
  type: list
  elements: dict
  sample:
    - name: team
      public: false
      image_count: 1
      images: [nginx]
      creation_time: "2026-03-01T10:00:00Z"
      domain: Default
      project: demo
"""

from ansible_collections.kaas.cloud.plugins.module_utils.arguments import resource_argument_spec
from ansible_collections.kaas.cloud.plugins.module_utils.info_runner import report_resources


def main() -> None:
    report_resources("image_workspace", "image_workspaces", resource_argument_spec(name={"type": "str"}))


if __name__ == "__main__":
    main()
