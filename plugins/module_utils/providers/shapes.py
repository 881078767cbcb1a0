# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Results built from the fields an API documentation names, never from a raw answer.

Real services add fields their documents never mention (NHN's guide says so outright).
A result that passed a raw object on would grow whatever the service adds, and a task
registering it would change when the service does. A :data:`Shape` names the fields a
result keeps: ``{"name": None, "image": {"image": None}}`` keeps ``name`` as it is and,
of ``image``, only ``image``. A shape applies to each object of a list alike, so one
shape describes an object and a list of them.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional

#: Field name -> the shape of its value, or ``None`` to keep the value as it is (a
#: scalar, or a map whose keys are the user's data: labels, config entries).
Shape = Mapping[str, Optional["Shape"]]


def pick(value: Any, shape: Shape | None) -> Any:
    """``value`` with only the fields ``shape`` names (absent ones stay absent); lists item by item."""
    if shape is None:
        return value
    if isinstance(value, list):
        return [pick(item, shape) for item in value]
    if isinstance(value, dict):
        return {name: pick(value[name], inner) for name, inner in shape.items() if name in value}
    return value


def fields(*names: str, **nested: Shape | None) -> Shape:
    """A shape of ``names`` kept as they are and ``nested`` fields with shapes of their own."""
    return {**dict.fromkeys(names), **nested}


def option_shape(options: Mapping[str, Any]) -> Shape:
    """The shape of what an argument spec's ``options`` describe: a result field holds what its option holds.

    A ``dict`` or ``list`` option with ``options`` of its own is narrowed to them; one
    without (a free-form map, a list of words) is kept as it is.
    """
    return {
        name: option_shape(spec["options"]) if isinstance(spec, dict) and spec.get("options") else None
        for name, spec in options.items()
    }
