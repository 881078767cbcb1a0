"""Primitive field checks shared by the NKS validators.

NKS labels are strings (``"True"``, ``"10"``) while its examples also send JSON
booleans and integers; these helpers accept both spellings and normalise to the label
strings the API renders, so validators stay short and messages stay uniform.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from kaas_emulator.core.validation import is_int
from kaas_emulator.providers.nks import catalog

#: Cluster and node group names, Magnum's rule (the API guide gives none): a letter, then
#: letters, digits, ``_``, ``.`` or ``-``; at most 242 characters.
NAME_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,241}$")
NAME_RULE = "must start with a letter and use only letters, digits, '_', '.' and '-' (max 242)"

AUTOSCALER_RANGES: dict[str, tuple[int, int]] = {
    "ca_max_node_count": (catalog.NODE_COUNT_MIN, catalog.NODE_COUNT_MAX),
    "ca_min_node_count": (catalog.NODE_COUNT_MIN, catalog.NODE_COUNT_MAX),
    "ca_scale_down_unneeded_time": (1, 1440),
    "ca_scale_down_util_thresh": (1, 100),
    "ca_scale_down_delay_after_add": (1, 1440),
}
AUTOSCALER_BOOLS = ("ca_enable", "ca_scale_down_enable")
AUTOSCALER_FIELDS = frozenset(AUTOSCALER_BOOLS) | frozenset(AUTOSCALER_RANGES)


def as_bool(value: object) -> bool | None:
    """JSON boolean or ``"true"``/``"false"`` in any case; None when neither."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def as_int(value: object) -> int | None:
    """JSON integer (not a boolean) or a string of digits; None otherwise."""
    if is_int(value):
        return int(value)  # type: ignore[arg-type]
    if isinstance(value, str) and re.fullmatch(r"\s*-?[0-9]+\s*", value):
        return int(value)
    return None


def bool_label(flag: bool) -> str:
    """NKS's label spelling of a boolean."""
    return "True" if flag else "False"


def is_uuid(value: object) -> bool:
    """True for a canonical 8-4-4-4-12 hexadecimal UUID string."""
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def check_uuid(field: str, value: object, problems: list[str]) -> None:
    """Problem unless ``value`` is a UUID."""
    if not is_uuid(value):
        problems.append(f"{field}: must be a UUID")


def check_uuid_list(field: str, value: object, sep: str, problems: list[str]) -> list[str]:
    """``sep``-separated UUIDs (``a:b`` in labels); the items, or [] with a problem."""
    if not isinstance(value, str) or not value:
        problems.append(f"{field}: must be a non-empty string of UUIDs separated by '{sep}'")
        return []
    items = value.split(sep)
    if not all(is_uuid(item) for item in items):
        problems.append(f"{field}: every item must be a UUID (separated by '{sep}')")
        return []
    return items


def check_name(field: str, value: object, problems: list[str]) -> None:
    """NKS name rule (see :data:`NAME_PATTERN`)."""
    if not isinstance(value, str) or not NAME_PATTERN.match(value):
        problems.append(f"{field}: {NAME_RULE}")


def check_nonempty(field: str, value: object, problems: list[str]) -> None:
    """Problem unless ``value`` is a non-empty string."""
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{field}: must be a non-empty string")


def check_node_count(field: str, value: object, problems: list[str]) -> int | None:
    """Node count 1..10 (int or digit string); the int or None with a problem."""
    count = as_int(value)
    if count is None or not catalog.NODE_COUNT_MIN <= count <= catalog.NODE_COUNT_MAX:
        problems.append(
            f"{field}: must be an integer between {catalog.NODE_COUNT_MIN} "
            f"and {catalog.NODE_COUNT_MAX}"
        )
        return None
    return count


def check_autoscaler(
    values: dict[str, Any], prefix: str, require_enable: bool, problems: list[str]
) -> dict[str, str]:
    """Validate the ``ca_*`` keys of ``values``; return them as NKS label strings.

    ``prefix`` (``labels.`` or empty) is prepended to field names in messages.
    """
    result: dict[str, str] = {}
    if require_enable and "ca_enable" not in values:
        problems.append(f"{prefix}ca_enable: is required")
    for key in AUTOSCALER_BOOLS:
        if key in values:
            flag = as_bool(values[key])
            if flag is None:
                problems.append(f"{prefix}{key}: must be true or false")
            else:
                result[key] = bool_label(flag)
    for key, (low, high) in AUTOSCALER_RANGES.items():
        if key in values:
            number = as_int(values[key])
            if number is None or not low <= number <= high:
                problems.append(f"{prefix}{key}: must be an integer between {low} and {high}")
            else:
                result[key] = str(number)
    low_s, high_s = result.get("ca_min_node_count"), result.get("ca_max_node_count")
    if low_s is not None and high_s is not None and int(low_s) > int(high_s):
        problems.append(f"{prefix}ca_min_node_count: must not exceed ca_max_node_count")
    return result


def check_rolling(
    body: dict[str, Any], max_buffer: int, max_unavailable: int, problems: list[str]
) -> None:
    """``num_buffer_nodes`` 0..max_buffer and ``num_max_unavailable_nodes`` 1..max_unavailable."""
    if "num_buffer_nodes" in body:
        value = body["num_buffer_nodes"]
        if not is_int(value) or not 0 <= value <= max_buffer:
            problems.append(f"num_buffer_nodes: must be an integer between 0 and {max_buffer}")
    if "num_max_unavailable_nodes" in body:
        value = body["num_max_unavailable_nodes"]
        if not is_int(value) or not 1 <= value <= max(1, max_unavailable):
            problems.append(
                f"num_max_unavailable_nodes: must be an integer between 1 and {max_unavailable}"
            )
