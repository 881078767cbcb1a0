"""The argument specs the modules build, read without running them, and the options in them."""

from __future__ import annotations

import importlib
from typing import Any, Iterator

from ansible_collections.kaas.cloud.plugins.module_utils import info_runner, runner


def captured_spec(module_name: str) -> dict[str, Any]:
    """The argument spec a module builds in ``main()``, captured without running it."""
    module = importlib.import_module(f"ansible_collections.kaas.cloud.plugins.modules.{module_name}")

    class Captured(Exception):
        pass

    def capture(spec: Any = None, **kwargs: Any) -> None:
        raise Captured(spec if spec is not None else kwargs["argument_spec"])

    # Modules build their AnsibleModule through create_module, called by the module itself or by
    # runner.manage_resource / info_runner.report_resources (or directly): each of these names is replaced.
    targets = [(runner, "create_module"), (info_runner, "create_module")]
    targets += [(module, name) for name in ("create_module", "AnsibleModule") if hasattr(module, name)]
    originals = [(owner, name, getattr(owner, name)) for owner, name in targets]
    for owner, name in targets:
        setattr(owner, name, capture)
    try:
        module.main()
    except Captured as caught:
        return caught.args[0]
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)
    raise AssertionError(f"{module_name}.main() built no AnsibleModule")


def list_options(spec: dict[str, Any], prefix: str = "") -> Iterator[str]:
    """Every option of type list in ``spec``, nested ones included: ``containers[].env``, ``nks.extra_volumes``."""
    for name, option in spec.items():
        path = f"{prefix}{name}"
        if option.get("type") == "list":
            yield path
            yield from list_options(option.get("options") or {}, f"{path}[].")
        elif option.get("options"):
            yield from list_options(option["options"], f"{path}.")
