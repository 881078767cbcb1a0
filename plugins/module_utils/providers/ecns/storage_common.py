# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What ECNS storage classes, PVCs and ``storage_info`` share: the storage list and its values.

ECNS API reference, 1.20 存储管理 and 1.15 持久卷声明. Classes, claims and volumes
are all read from one list (``GET kubernetes/storage/?type=...``); ECNS has no
detail call for them. Capacities are compared in MiB and access modes as a set.
"""

from __future__ import annotations

import re
from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError

STORAGE = "kubernetes/storage/"


ACCESS_MODES = ("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany")


# A whole number of Mi, Gi or Ti; a bare number is Gi, as ECNS reads it.
CAPACITY = re.compile(r"^([1-9][0-9]{0,6})(Mi|Gi|Ti)?$")


UNITS = (("Ti", 1024 * 1024), ("Gi", 1024), ("Mi", 1))


def mebibytes(value: Any) -> int:
    """A capacity in MiB; ValidationError for anything ECNS would refuse."""
    match = CAPACITY.match(str(value).strip()) if not isinstance(value, bool) else None
    if match is None:
        raise ValidationError(
            f"capacity {value!r} must be a whole number of Mi, Gi or Ti such as 10Gi (a bare number is Gi)"
        )
    return int(match.group(1)) * dict(UNITS)[match.group(2) or "Gi"]


def capacity_text(value: Any) -> str | None:
    """A capacity in its largest whole unit (``1024Mi`` and ``1`` are both ``1Gi``), for comparing."""
    if value is None:
        return None
    size = mebibytes(value)
    unit, factor = next((u, f) for u, f in UNITS if size % f == 0)
    return f"{size // factor}{unit}"


def sorted_modes(value: Any) -> list[str] | None:
    """Access modes as a set (ECNS does not keep an order)."""
    return None if value is None else sorted(set(value))
