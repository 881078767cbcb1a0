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
from ansible_collections.kaas.cloud.plugins.module_utils.errors import KaasError, ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.base import (
    Connection,
    ProviderApi,
    ResourceAdapter,
)
from ansible_collections.kaas.cloud.plugins.module_utils.reconcile import (
    IDENTITY_KEYS,
    PARENT_KEYS,
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
        for warning in outcome.warnings:
            module.warn(warning)
        return outcome.result(module._diff)

    ModuleRun(module).execute(action)


def list_resources(
    module: AnsibleModule, resource: str, plural: str, filters: tuple[str, ...], include: str | None = None
) -> None:
    """``main()`` of an ``*_info`` module: one resource by name or id, or every one.

    ``include`` names the module's option listing extra details to read; without
    it each resource costs the requests of its view only.
    """

    def action(run: ModuleRun) -> dict[str, Any]:
        adapter = run.adapter(resource)
        extras = set(module.params.get(include) or ()) if include else set()
        refused = sorted(extras - set(adapter.details_offered))
        if refused:
            able = sorted(
                p
                for p, a in registry.capabilities(resource).by_provider.items()
                if set(refused) <= set(a.details_offered)
            )
            raise ValidationError(
                f"provider {adapter.provider} cannot include {', '.join(refused)} for {plural} "
                f"(providers that can: {', '.join(able) or 'none yet'})"
            )
        # A child resource (a node group) is looked for inside its parent (a cluster).
        parents = {k: module.params[k] for k in PARENT_KEYS if module.params.get(k)}
        selector = {k: module.params[k] for k in IDENTITY_KEYS if module.params.get(k)}
        if selector:
            selector.update(parents)
            adapter.validate(selector)
            found = adapter.find(selector)
            items = [found] if found is not None else []
        else:
            matching = {k: module.params.get(k) for k in filters if module.params.get(k)}
            items = adapter.list({**parents, **matching})
        views = []
        for item in items:
            view = adapter.view(item)
            if extras:
                view.setdefault(adapter.provider, {}).update(adapter.details(item, extras))
            views.append(view)
        return {"changed": False, plural: views, **(adapter.account_details(extras) if extras else {})}

    ModuleRun(module).execute(action)
