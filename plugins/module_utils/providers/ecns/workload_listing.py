# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""``main()`` of ``workload_info``: reads only, so it loads neither the reconciler nor ``workload_runner``."""

from __future__ import annotations

from typing import Any

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.identity import LOCATOR_KEYS, check_identity
from ansible_collections.kaas.cloud.plugins.module_utils.info_runner import ModuleRun, check_cluster_reference
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import workload_rules as rules

RESOURCE = "workload"


def list_workloads(module: AnsibleModule) -> None:
    """``main()`` of ``workload_info``: one workload by name, or every one of the namespace."""

    def action(run: ModuleRun) -> dict[str, Any]:
        params = module.params
        adapter = run.adapter(RESOURCE)
        for key in LOCATOR_KEYS:
            check_identity(key, params.get(key))
        check_cluster_reference(run, params)
        if params.get("name") and (problem := rules.name_problem(params["name"])):
            raise ValidationError(problem)
        scope = {k: params.get(k) for k in ("cluster", "namespace", "product_type", "type", "name")}
        if params.get("name") and params.get("type"):
            found = adapter.find(scope)
            items = [found] if found is not None else []
        else:
            listed = adapter.list(scope)
            # The list has no revisions, conditions or events: read each workload's detail.
            items = [
                fresh
                for item in listed
                if not params.get("name") or adapter.view(item)["name"] == params["name"]
                for fresh in [adapter.read(item)]
                if fresh is not None
            ]
        return {"changed": False, "workloads": [adapter.view(item) for item in items]}

    ModuleRun(module).execute(action)
