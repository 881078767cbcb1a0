"""Whether check mode's diff predicted the diff of the real run that followed it.

The rule (documented with the modules' check mode, in the ``kaas.cloud.attributes``
documentation fragment): for a step that updates, deletes or leaves a resource
alone, check mode's ``before`` and ``after`` equal the real run's. For a create
(``before`` empty in both runs) every value check mode predicts (recursively, lists
item by item) is the value the real ``after`` shows; what the provider decides at
create (ids, assigned addresses) is only in the real one. A value check mode shows
as ``ASSIGNED`` (a node port ECNS picks) must be a value in the real run.
"""

from __future__ import annotations

import json
from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import ASSIGNED

_ABSENT = "<absent>"


def _show(value: Any) -> str:
    return value if value is _ABSENT else json.dumps(value, sort_keys=True)


def _compare(check: Any, real: Any, path: str, subset: bool) -> list[str]:
    """Paths where ``real`` differs from ``check``; with ``subset`` only check's keys count.

    ``subset`` is the create rule: a key check mode did not predict may be in the
    real value (an id the provider assigned), one it predicted must have its value.
    """
    if isinstance(check, dict) and isinstance(real, dict):
        found = []
        keys = list(check) if subset else sorted(set(check) | set(real), key=str)
        for key in keys:
            found += _compare(check.get(key, _ABSENT), real.get(key, _ABSENT), f"{path}.{key}", subset)
        return found
    if isinstance(check, list) and isinstance(real, list) and len(check) == len(real):
        found = []
        for index, (one, other) in enumerate(zip(check, real, strict=True)):
            found += _compare(one, other, f"{path}[{index}]", subset)
        return found
    if check == real or (check == ASSIGNED and real not in (_ABSENT, None)):
        return []
    return [f"{path}: check mode {_show(check)}, real run {_show(real)}"]


def diff_mismatches(check: Any, real: Any) -> list[str]:
    """Where check mode's diff fails to predict the real run's (empty: it predicted it)."""
    if check is None and real is None:
        return []
    if not isinstance(check, dict) or not isinstance(real, dict):
        return [f"diff: check mode {_show(check)}, real run {_show(real)}"]
    creating = not check.get("before") and not real.get("before")
    return _compare(check.get("before", _ABSENT), real.get("before", _ABSENT), "before", False) + _compare(
        check.get("after", _ABSENT), real.get("after", _ABSENT), "after", creating
    )
