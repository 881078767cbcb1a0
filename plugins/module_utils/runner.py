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
from ansible_collections.kaas.cloud.plugins.module_utils.desired import (
    IDENTITY_KEYS,
    LOCATOR_KEYS,
    PARENT_KEYS,
    check_identity,
    check_supported,
    desired_state,
)
from ansible_collections.kaas.cloud.plugins.module_utils.errors import KaasError, ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.connection import Connection, ProviderApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import ResourceAdapter
from ansible_collections.kaas.cloud.plugins.module_utils.reconcile import Reconciler, WaitOptions
from ansible_collections.kaas.cloud.plugins.module_utils.transport import HAS_REQUESTS, REQUESTS_IMPORT_ERROR


def create_module(argument_spec: dict[str, Any], **kwargs: Any) -> AnsibleModule:
    """``AnsibleModule(...)``, but malformed option values fail cleanly instead of crashing.

    ansible-core's argument validation lets ``TypeError`` or ``OverflowError`` escape
    for some values (a number or a list for an option of type ``dict`` with
    suboptions, a list of huge integers for an ``int``), which a user sees as a module
    crash with a traceback. The task fails with a message naming the option instead.
    """
    try:
        return AnsibleModule(argument_spec=argument_spec, **kwargs)
    except (TypeError, ValueError, OverflowError) as error:
        # A spec that accepts anything, keeping every secret no_log, only to fail properly.
        fallback = AnsibleModule(argument_spec=_accept_anything(argument_spec), supports_check_mode=True)
        fallback.fail_json(msg=_malformed(argument_spec, fallback.params, error))
        raise  # fail_json exits; this keeps type checkers and pylint content


def _accept_anything(argument_spec: dict[str, Any]) -> dict[str, Any]:
    spec = {}
    for name, option in argument_spec.items():
        secret = bool(option.get("no_log")) or any(sub.get("no_log") for sub in (option.get("options") or {}).values())
        spec[name] = {"type": "raw", "no_log": secret, "aliases": option.get("aliases", [])}
    return spec


def _malformed(argument_spec: dict[str, Any], params: dict[str, Any], error: Exception) -> str:
    for name, option in argument_spec.items():
        value = params.get(name)
        is_block = option.get("type") == "dict" and option.get("options")
        if is_block and value is not None and not isinstance(value, (dict, str)):
            return f"option '{name}' must be a dictionary of its suboptions, got {type(value).__name__}"
    return f"an option has a value of the wrong type or size: {error}"


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
            for warning in self.api.warnings():
                self.module.warn(warning)

    def execute(self, action: Callable[[ModuleRun], dict[str, Any]]) -> None:
        """Run ``action`` and exit the module with its result or a clean failure."""
        if not HAS_REQUESTS:
            self.module.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
        try:
            result = action(self)
        except KaasError as error:
            self._protect_secrets()
            extra: dict[str, Any] = {}
            resource = error.details.get("resource")
            if isinstance(resource, dict):
                extra["resource"] = resource
            # A write the provider accepted before the failure changed something: say so.
            extra["changed"] = bool(error.details.get("changed"))
            self.module.fail_json(msg=error.message, **extra)
        except Exception as error:  # noqa: BLE001 - a bug must still end as a clean task failure
            self._protect_secrets()
            self.module.fail_json(
                msg=f"unexpected error in kaas.cloud ({type(error).__name__}: {error}); please report it",
                exception=traceback.format_exc(),
            )
        self._protect_secrets()
        self.module.exit_json(**result)


def check_cluster_reference(run: ModuleRun, params: dict[str, Any]) -> None:
    """The ``cluster`` a child resource belongs to must be one the provider could name, before any request."""
    if params.get("cluster") is not None:
        run.connect().check_cluster_reference(str(params["cluster"]))


def reconcile_resource(
    module: AnsibleModule,
    resource: str,
    portable: tuple[str, ...],
    blocks: tuple[str, ...],
    derived: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> None:
    """``main()`` of a declarative resource module with ``state: present|absent``.

    ``derived(params)`` adds desired values that are not options as such (``running``
    from ``state: started|stopped``, one schedule from two ways of writing it); it runs
    before any request and may raise ValidationError. Any state but ``absent`` is ``present``.
    """

    def action(run: ModuleRun) -> dict[str, Any]:
        provider = module.params["provider"]
        desired = desired_state(module.params, portable, blocks, provider)
        if derived is not None:
            desired.update(derived(module.params))
        check_supported(provider, desired, registry.capabilities(resource))
        check_cluster_reference(run, module.params)
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


def manage_resource(
    resource: str,
    argument_spec: dict[str, Any],
    portable: tuple[str, ...],
    blocks: tuple[str, ...] = (),
    derived: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    **module_options: Any,
) -> None:
    """The whole ``main()`` of a declarative module: :func:`create_module` then :func:`reconcile_resource`.

    ``module_options`` are AnsibleModule's (``mutually_exclusive``, ``required_one_of``).
    """
    module = create_module(argument_spec, supports_check_mode=True, **module_options)
    reconcile_resource(module, resource, portable, blocks, derived)


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
