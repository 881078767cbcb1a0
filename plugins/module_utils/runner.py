# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``main()`` of declarative modules: build, validate, reconcile, report.

Only modules that change things import this (it loads the reconciler); ``*_info``
modules use ``info_runner``. ``create_module`` and ``check_cluster_reference`` are
re-exported from ``module_run`` so that a module imports one runner.
"""

from __future__ import annotations

from typing import Any, Callable

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.kaas.cloud.plugins.module_utils import module_run, registry
from ansible_collections.kaas.cloud.plugins.module_utils.desired import check_supported, desired_state
from ansible_collections.kaas.cloud.plugins.module_utils.module_run import check_cluster_reference, create_module
from ansible_collections.kaas.cloud.plugins.module_utils.reconcile import Reconciler, WaitOptions

__all__ = ["ModuleRun", "check_cluster_reference", "create_module", "reconcile_resource"]


class ModuleRun(module_run.ModuleRun):
    """A run of a declarative module: a module run that can reconcile a resource."""

    def reconciler(self, resource: str) -> Reconciler:
        return Reconciler(
            self.adapter(resource),
            check_mode=self.module.check_mode,
            wait=WaitOptions.from_params(self.module.params),
        )


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
