# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``main()`` of ``*_info`` modules: locate, read, report; never the reconciler.

An info task loads the run, the registry and its own provider's adapter, not the
reconciler nor the comparison of desired states (``runner``, ``reconcile``,
``desired``), which Python would otherwise compile from source on every task.
``create_module``, ``ModuleRun`` and ``check_cluster_reference`` are re-exported
from ``module_run`` so that a module imports one runner.
"""

from __future__ import annotations

from typing import Any

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.kaas.cloud.plugins.module_utils import registry
from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.identity import (
    IDENTITY_KEYS,
    LOCATOR_KEYS,
    PARENT_KEYS,
    check_identity,
    desired_state,
)
from ansible_collections.kaas.cloud.plugins.module_utils.module_run import (
    ModuleRun,
    check_cluster_reference,
    create_module,
)

__all__ = ["ModuleRun", "check_cluster_reference", "create_module", "list_resources"]


def list_resources(
    module: AnsibleModule,
    resource: str,
    plural: str,
    filters: tuple[str, ...],
    include: str | None = None,
    scope: tuple[str, ...] = (),
    blocks: tuple[str, ...] = (),
) -> None:
    """``main()`` of an ``*_info`` module: one resource by name or id, or every one.

    ``include`` names the module's option listing extra details to read; without
    it each resource costs the requests of its view only. ``scope`` options (the
    cluster of a load balancer) go to the lookup by name or id as well as to the
    list. ``blocks`` are provider blocks of filters, refused when they do not match
    the provider.
    """

    def action(run: ModuleRun) -> dict[str, Any]:
        provider = module.params["provider"]
        settings = desired_state(module.params, scope, blocks, provider)
        adapter = run.adapter(resource)
        for key in LOCATOR_KEYS:
            check_identity(key, module.params.get(key))
        check_cluster_reference(run, module.params)
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
        scoped = {k: v for k, v in settings.items() if k in scope or k in blocks}
        selector = {k: module.params[k] for k in IDENTITY_KEYS if module.params.get(k)}
        if selector:
            selector.update(parents)
            selector.update(scoped)
            adapter.validate(selector)
            found = adapter.find(selector)
            items = [found] if found is not None else []
        else:
            matching = {k: module.params.get(k) for k in filters if module.params.get(k)}
            items = adapter.list({**parents, **matching, **scoped})
        views = []
        for item in items:
            view = adapter.view(item)
            details = adapter.details(item, extras) if extras else {}
            if details:
                # Only per-resource details go in the provider block; account-wide ones go to the top.
                view.setdefault(adapter.provider, {}).update(details)
            views.append(view)
        return {"changed": False, plural: views, **(adapter.account_details(extras) if extras else {})}

    ModuleRun(module).execute(action)


def report_resources(
    resource: str,
    plural: str,
    argument_spec: dict[str, Any],
    filters: tuple[str, ...] = (),
    include: str | None = None,
    scope: tuple[str, ...] = (),
    blocks: tuple[str, ...] = (),
    **module_options: Any,
) -> None:
    """The whole ``main()`` of an ``*_info`` module: :func:`create_module` then :func:`list_resources`."""
    module = create_module(argument_spec, supports_check_mode=True, **module_options)
    list_resources(module, resource, plural, filters, include=include, scope=scope, blocks=blocks)
