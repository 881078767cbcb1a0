# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""``main()`` of the workload modules (and applications): the states beyond present/absent, on the shared reconciler.

``started``/``stopped`` are ``present`` plus the desired ``running`` flag (the
adapter starts or stops with one call), ``restarted`` is ``present`` plus a redeploy,
and ``rollback_to`` is the desired current revision, so idempotency, check mode and
diff stay the reconciler's.
"""

from __future__ import annotations

from typing import Any

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.kaas.cloud.plugins.module_utils import registry
from ansible_collections.kaas.cloud.plugins.module_utils.desired import (
    check_supported,
    desired_state,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import workload_rules as rules
from ansible_collections.kaas.cloud.plugins.module_utils.runner import ModuleRun, check_cluster_reference

RESOURCE = "workload"
OPTIONS = (
    "cluster",
    "namespace",
    "product_type",
    *rules.WORKLOAD_SETTINGS,
    "application",
    "application_type",
    "delete_service",
    "force_delete",
)
RUNNING = {"started": True, "stopped": False}


def desired_running(params: dict[str, Any], options: tuple[str, ...]) -> dict[str, Any]:
    """The options the task set, with ``running`` derived from ``state`` (started/stopped)."""
    desired = desired_state(params, options, (), params["provider"])
    state = params.get("state") or "present"
    if state in RUNNING:
        desired["running"] = RUNNING[state]
    return desired


def workload_desired(params: dict[str, Any]) -> dict[str, Any]:
    """The options the task set, with ``running`` and ``revision`` derived from state and rollback_to."""
    desired = desired_running(params, OPTIONS)
    if params.get("rollback_to") is not None:
        desired["revision"] = params["rollback_to"]
    return desired


def converge_restartable(
    module: AnsibleModule, run: ModuleRun, resource: str, desired: dict[str, Any]
) -> dict[str, Any]:
    """present/absent/started/stopped/restarted of a resource whose adapter has ``recreate(current)``."""
    params = module.params
    check_supported(params["provider"], desired, registry.capabilities(resource))
    check_cluster_reference(run, params)
    reconciler = run.reconciler(resource)
    adapter = reconciler.adapter
    adapter.validate(desired)
    if params["state"] == "absent":
        return reconciler.absent(desired).result(module._diff)
    # Only a restart needs to know whether the resource existed before (a new one has fresh pods).
    existed = params["state"] == "restarted" and adapter.find(desired) is not None
    outcome = reconciler.present(desired)
    if existed:
        # A redeploy has no state to compare: it is always a change, never sent in check mode.
        outcome.changed = True
        if not module.check_mode:
            current = adapter.find(desired)
            restarted = adapter.recreate(current)
            if reconciler.wait.enabled:
                restarted = reconciler.settle(desired, restarted)
            outcome.after = adapter.view(restarted)
    return outcome.result(module._diff)


def reconcile_workload(module: AnsibleModule) -> None:
    """``main()`` of ``workload``."""
    ModuleRun(module).execute(lambda run: converge_restartable(module, run, RESOURCE, workload_desired(module.params)))
