# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``main()`` of every module: build, validate, reconcile, report.

Modules hand their ``AnsibleModule`` to one of these functions; failures of any
layer become one ``fail_json`` with a readable message, and every secret the run
saw (given or obtained tokens) is registered as ``no_log`` before anything is
returned.
"""

from __future__ import annotations

import traceback
from typing import Any, Callable

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.kaas.cloud.plugins.module_utils import registry
from ansible_collections.kaas.cloud.plugins.module_utils.errors import KaasError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.base import (
    Connection,
    ProviderApi,
    ResourceAdapter,
)
from ansible_collections.kaas.cloud.plugins.module_utils.reconcile import (
    Reconciler,
    WaitOptions,
    check_supported,
    desired_state,
)
from ansible_collections.kaas.cloud.plugins.module_utils.transport import HAS_REQUESTS, REQUESTS_IMPORT_ERROR


class ModuleRun:
    """One module invocation and the provider connection it opened, if any."""

    def __init__(self, module: AnsibleModule) -> None:
        self.module = module
        self.api: ProviderApi | None = None

    def connect(self) -> ProviderApi:
        if self.api is None:
            self.api = registry.provider_api(Connection.from_params(self.module.params))
        return self.api

    def adapter(self, resource: str) -> ResourceAdapter:
        return registry.adapter(resource, self.connect())

    def reconciler(self, resource: str) -> Reconciler:
        return Reconciler(
            self.adapter(resource),
            check_mode=self.module.check_mode,
            wait=WaitOptions.from_params(self.module.params),
        )

    def _protect_secrets(self) -> None:
        if self.api is not None:
            self.module.no_log_values.update(s for s in self.api.secrets() if s)

    def execute(self, action: Callable[[ModuleRun], dict[str, Any]]) -> None:
        """Run ``action`` and exit the module with its result or a clean failure."""
        if not HAS_REQUESTS:
            self.module.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
        try:
            result = action(self)
        except KaasError as error:
            self._protect_secrets()
            extra = {}
            resource = error.details.get("resource")
            if isinstance(resource, dict):
                extra["resource"] = resource
            self.module.fail_json(msg=error.message, **extra)
        except Exception as error:  # noqa: BLE001 - a bug must still end as a clean task failure
            self._protect_secrets()
            self.module.fail_json(
                msg=f"unexpected error in kaas.cloud ({type(error).__name__}: {error}); please report it",
                exception=traceback.format_exc(),
            )
        self._protect_secrets()
        self.module.exit_json(**result)


def reconcile_resource(
    module: AnsibleModule, resource: str, portable: tuple[str, ...], blocks: tuple[str, ...]
) -> None:
    """``main()`` of a declarative resource module with ``state: present|absent``."""

    def action(run: ModuleRun) -> dict[str, Any]:
        provider = module.params["provider"]
        desired = desired_state(module.params, portable, blocks, provider)
        check_supported(provider, desired, registry.capabilities(resource))
        reconciler = run.reconciler(resource)
        reconciler.adapter.validate(desired)
        if module.params.get("state", "present") == "absent":
            outcome = reconciler.absent(desired)
        else:
            outcome = reconciler.present(desired)
        return outcome.result(module._diff)

    ModuleRun(module).execute(action)


def list_resources(
    module: AnsibleModule,
    resource: str,
    plural: str,
    filters: tuple[str, ...],
    scope: tuple[str, ...] = (),
    blocks: tuple[str, ...] = (),
) -> None:
    """``main()`` of an ``*_info`` module: one resource by name or id, or every one.

    ``scope`` options (the cluster of a load balancer, what to include) go to the
    lookup by name or id as well as to the list. ``blocks`` are provider blocks of
    filters, refused when they do not match the provider.
    """

    def action(run: ModuleRun) -> dict[str, Any]:
        provider = module.params["provider"]
        settings = desired_state(module.params, scope, blocks, provider)
        adapter = run.adapter(resource)
        selector = {k: module.params[k] for k in ("name", "id") if module.params.get(k)}
        scoped = {k: v for k, v in settings.items() if k in scope or k in blocks}
        if selector:
            selector.update(scoped)
            adapter.validate(selector)
            found = adapter.find(selector)
            items = [found] if found is not None else []
        else:
            chosen = {k: module.params.get(k) for k in filters if module.params.get(k)}
            items = adapter.list({**chosen, **scoped})
        return {"changed": False, plural: [adapter.view(item) for item in items]}

    ModuleRun(module).execute(action)
