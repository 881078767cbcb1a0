# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One module invocation: its ``AnsibleModule``, its provider connection, its clean exit.

Every module goes through ``ModuleRun.execute``: failures of any layer become one
``fail_json`` with a readable message, and every secret the run saw (given or
obtained tokens) is registered as ``no_log`` before anything is returned.

This is the part that every module needs. Ansible ships a module with the
module_utils its imports name and Python compiles them from source on every task,
so what only some modules need lives elsewhere: ``runner`` (declarative modules,
the reconciler) and ``info_runner`` (``*_info`` modules, which never reconcile).
"""

from __future__ import annotations

import os
import traceback
from typing import Any, Callable

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.kaas.cloud.plugins.module_utils import registry
from ansible_collections.kaas.cloud.plugins.module_utils.arguments import with_environment
from ansible_collections.kaas.cloud.plugins.module_utils.errors import KaasError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.connection import Connection, ProviderApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import ResourceAdapter
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
            params = with_environment(self.module.params, os.environ)
            self.api = registry.provider_api(Connection.from_params(params))
        return self.api

    def adapter(self, resource: str) -> ResourceAdapter:
        return registry.adapter(resource, self.connect())

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
            if isinstance(error.details.get("refused"), list):
                extra["refused"] = error.details["refused"]
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
