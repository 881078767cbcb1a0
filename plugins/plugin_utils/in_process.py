# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action every kaas.cloud module runs through (``plugins/action/<module>.py`` imports it).

A module task normally starts a new Python process that unpacks the AnsiballZ payload,
imports ansible-core's module code, ``requests`` and the collection's module_utils, all
compiled again from the zip: about half a second of CPU before the first request, more
than the HTTP work of an unchanged task. The collection's modules only call HTTP APIs,
and nearly every task runs them on the controller (``localhost``, ``connection: local``)
with the controller's own Python. There the module runs inside the task's worker
process, which ansible-core forked for this task alone, and where ansible-core and the
compiled module_utils are already at hand: the same ``main()``, the same arguments
(module_defaults, check mode, diff, no_log, ``environment``), the same result.

Anything else goes the usual way, through a new process: another host or connection,
``become``, ``async``, another ``ansible_python_interpreter`` (its Python may hold other
libraries), or the switch turned off (variable ``kaas_in_process`` or environment
variable ``KAAS_IN_PROCESS`` false). docs/performance.md gives the figures.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import io
import json
import multiprocessing
import os
import sys
import traceback
from collections.abc import Iterator
from typing import Any

from ansible import constants as C
from ansible.module_utils import basic
from ansible.module_utils.common import warnings as module_warnings
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase
from ansible.utils.vars import merge_hash
from ansible.vars.clean import remove_internal_keys

#: The variable, then the environment variable, that turn in-process runs off.
SWITCH_VARIABLE = "kaas_in_process"
SWITCH_ENVIRONMENT = "KAAS_IN_PROCESS"
COLLECTION = "kaas.cloud."
MODULES_PACKAGE = "ansible_collections.kaas.cloud.plugins.modules"
#: ansible-core's serialization profile of modules that declare none, as theirs are.
PROFILE = "legacy"
#: ``interpreter_python`` settings that ask ansible-core to find a Python on the host.
DISCOVERY = ("auto", "auto_legacy", "auto_silent", "auto_legacy_silent")
# What differs between ansible-core releases, read once rather than on every task:
# before 2.19, ``_parse_returned_data`` takes no serialization profile and the module side
# has no ``is_controller`` switch (nor the package that holds it).
_PARSE_TAKES_PROFILE = "profile" in inspect.signature(ActionBase._parse_returned_data).parameters
try:
    _MODULE_SIDE: Any = importlib.import_module("ansible.module_utils._internal")
except ImportError:
    _MODULE_SIDE = None

_UTILS = "ansible_collections.kaas.cloud.plugins.module_utils."
#: What nearly every kaas.cloud task imports. ansible-core forks a worker per task, and its
#: collection loader compiles each file from source (no bytecode cache): a worker that
#: imports these itself spends about 0.13 s of CPU on it, every task.
SHARED_IMPORTS = (
    "requests",
    *(
        _UTILS + name
        for name in (
            "errors",
            "arguments",
            "token_cache",
            "auth",
            "transport",
            "waiting",
            "providers.connection",
            "providers.contract",
            "providers.paging",
            "providers.shapes",
            "registry",
            "identity",
            "module_run",
            "desired",
            "reconcile",
            "runner",
            "info_runner",
        )
    ),
)


def _import_shared() -> None:
    """Import ``SHARED_IMPORTS`` in the controller's main process, so that every worker forked from it has them.

    The strategy loads this action's class in the main process (to see whether it bypasses
    the host loop) before it forks the workers. In a worker, importing more than its own
    task needs would only cost: there the task imports what it uses.
    """
    if multiprocessing.parent_process() is not None:
        return
    for name in SHARED_IMPORTS:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the task that needs it imports it again and reports why
            return


_import_shared()


class ActionModule(ActionBase):
    """Run a kaas.cloud module in the worker process when the task runs on the controller's Python."""

    _supports_check_mode = True
    _supports_async = True

    def run(self, tmp: Any = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        result = super().run(tmp, task_vars)
        del tmp  # no longer has any effect
        task_vars = task_vars or {}
        if self.runs_in_process(task_vars):
            return merge_hash(result, self.run_in_process(task_vars))
        wrap_async = self._task.async_val and not self._connection.has_native_async
        result = merge_hash(result, self._execute_module(task_vars=task_vars, wrap_async=wrap_async))
        if not wrap_async:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return result

    def runs_in_process(self, task_vars: dict[str, Any]) -> bool:
        """Whether this task can run its module here with no difference a user could see."""
        switch = task_vars.get(SWITCH_VARIABLE, os.environ.get(SWITCH_ENVIRONMENT, True))
        if not boolean(self._templar.template(switch), strict=False):
            return False
        if getattr(self._connection, "transport", None) != "local":
            return False
        if self._task.async_val or self._play_context.become:
            return False
        if not str(self._task.resolved_action or "").startswith(COLLECTION):
            return False
        if not hasattr(basic, "_ANSIBLE_ARGS"):
            return False
        return _same_python(self._interpreter(task_vars), sys.executable)

    def _interpreter(self, task_vars: dict[str, Any]) -> str | None:
        """The Python ansible-core would run the task's module with, unless it would have to discover one.

        As ansible-core reads it: ``ansible_python_interpreter``, else the configuration
        (``ANSIBLE_PYTHON_INTERPRETER``, ``interpreter_python``), with an ``auto`` setting
        answered by the interpreter discovered earlier for the host, if any.
        """
        host_vars = task_vars
        if self._task.delegate_to:
            host_vars = task_vars.get("ansible_delegated_vars", {}).get(self._task.delegate_to, {})
        configured = C.config.get_config_value("INTERPRETER_PYTHON", variables=host_vars)
        interpreter = str(self._templar.template(configured) or "").strip()
        if interpreter in ("", *DISCOVERY):
            interpreter = str(host_vars.get("ansible_facts", {}).get("discovered_interpreter_python") or "")
        if not interpreter:
            return None
        return os.path.abspath(os.path.expanduser(interpreter))

    def run_in_process(self, task_vars: dict[str, Any]) -> dict[str, Any]:
        """The module's result, as ``_execute_module`` gives it, from ``main()`` run here."""
        name = str(self._task.resolved_action)[len(COLLECTION) :]
        module_args = dict(self._task.args)
        self._update_module_args(self._task.action, module_args, task_vars)
        environment: dict[str, Any] = {}
        self._compute_environment_string(environment)
        stdout, stderr = io.StringIO(), io.StringIO()
        with (
            _environment(environment),
            _module_mode(),
            _module_args(module_args),
            contextlib.redirect_stdout(stdout),
            contextlib.redirect_stderr(stderr),
        ):
            rc = _call_main(name)
        data = self._parse_module_output({"rc": rc, "stdout": stdout.getvalue(), "stderr": stderr.getvalue()})
        data.pop("_ansible_suppress_tmpdir_delete", None)
        remove_internal_keys(data)
        return data

    def _parse_module_output(self, output: dict[str, Any]) -> dict[str, Any]:
        if _PARSE_TAKES_PROFILE:
            return self._parse_returned_data(output, PROFILE)
        return self._parse_returned_data(output)


def _same_python(interpreter: str | None, executable: str) -> bool:
    """Whether ``interpreter`` is this Python in this environment.

    The same binary (links resolved) is not enough: a virtual environment's ``bin/python``
    links to the system's, and is another set of libraries. Within one directory it is:
    ``bin/python`` and ``bin/python3`` of one environment are one Python.
    """
    if interpreter is None:
        return False
    executable = os.path.abspath(executable)
    if interpreter == executable:
        return True
    same_directory = os.path.dirname(interpreter) == os.path.dirname(executable)
    return same_directory and os.path.realpath(interpreter) == os.path.realpath(executable)


def _call_main(name: str) -> int:
    """Run the module's ``main()``; its exit status (a module ends by exiting, with its result printed)."""
    try:
        importlib.import_module(f"{MODULES_PACKAGE}.{name}").main()
    except SystemExit as ended:
        return ended.code if isinstance(ended.code, int) else 1
    except Exception as error:  # noqa: BLE001 - what a module process would print for it
        print(
            json.dumps({"failed": True, "msg": f"{type(error).__name__}: {error}", "exception": traceback.format_exc()})
        )
        return 1
    print(json.dumps({"failed": True, "msg": f"module {name} ended without a result"}))
    return 1


@contextlib.contextmanager
def _environment(environment: dict[str, Any]) -> Iterator[None]:
    """The task's ``environment`` keyword, as a module process would see it."""
    saved = {key: os.environ.get(key) for key in environment}
    os.environ.update({str(key): str(value) for key, value in environment.items()})
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextlib.contextmanager
def _module_mode() -> Iterator[None]:
    """ansible-core's module side, as in a module process: warnings kept for the result, none left over."""
    controller = getattr(_MODULE_SIDE, "is_controller", None)
    for kept in ("_global_warnings", "_global_deprecations"):
        getattr(module_warnings, kept).clear()
    if controller is not None:
        _MODULE_SIDE.is_controller = False
    try:
        yield
    finally:
        if controller is not None:
            _MODULE_SIDE.is_controller = controller


@contextlib.contextmanager
def _module_args(module_args: dict[str, Any]) -> Iterator[None]:
    """The arguments, encoded as ansible-core encodes them into a module's payload."""
    payload = {"ANSIBLE_MODULE_ARGS": module_args}
    saved = {name: getattr(basic, name) for name in ("_ANSIBLE_ARGS", "_ANSIBLE_PROFILE") if hasattr(basic, name)}
    if "_ANSIBLE_PROFILE" in saved:
        from ansible.module_utils.common.json import Direction, get_module_encoder

        encoder = get_module_encoder(PROFILE, Direction.CONTROLLER_TO_MODULE)
        basic._ANSIBLE_ARGS = json.dumps(payload, cls=encoder).encode()
        basic._ANSIBLE_PROFILE = PROFILE
    else:
        from ansible.parsing.ajson import AnsibleJSONEncoder

        basic._ANSIBLE_ARGS = json.dumps(payload, cls=AnsibleJSONEncoder, vault_to_text=True).encode()
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(basic, name, value)
