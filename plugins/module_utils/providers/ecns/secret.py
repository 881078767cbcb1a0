# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ECNS secrets (ECNS API reference, 1.6 密钥), declared on :class:`EcnsObject`, values never shown.

ECNS has three secret types, each with its own value block: ``Opaque`` (``opaque``,
key-value pairs; the module's ``data``), ``Tls`` (``tls``: cert, key, ca) and
``Dockerconfigjson`` (``dockerconfigjson``: URI, username, password, mail; the
module's ``docker_registry``). The type of a secret is fixed once it exists.

Idempotence without leaking: the detail call answers the stored values, and the
adapter compares them with the task's values in memory. The view (what results and
diffs show) holds, for each secret value, only a marker: :data:`HIDDEN` when the
stored value is the one the task asks for (or the task does not say),
:data:`DIFFERS` when it is not. The fields' ``normalize`` turns the task's values into
:data:`HIDDEN` too, so the reconciler sees a change exactly where a marker says
:data:`DIFFERS` (or a key is added or removed), and predicts an ``after`` of markers.
Registry server, user name and e-mail are not secret and are shown as they are.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import Field, get_path
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.configmap import as_text, check_data
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.objects import Call, EcnsObject, ObjectState

HIDDEN = "<hidden>"
DIFFERS = "<hidden, differs from the task>"
MARKERS = (HIDDEN, DIFFERS)
SECRET_TYPES = ("Opaque", "Tls", "Dockerconfigjson")
#: Where each type's values go: module option, ECNS body block, and {module key: ECNS key}.
TLS_KEYS = {"cert": "cert", "key": "key", "ca": "ca"}
DOCKER_KEYS = {"server": "URI", "username": "username", "password": "password", "email": "mail"}
BLOCKS = {
    "Opaque": ("data", "opaque"),
    "Tls": ("tls", "tls"),
    "Dockerconfigjson": ("docker_registry", "dockerconfigjson"),
}
#: The values of each block that are secret (shown as markers); the others are shown.
SECRET_PATHS = ("tls.cert", "tls.key", "tls.ca", "docker_registry.password")
#: The values a task must give to create or replace a secret of each type.
REQUIRED = {
    "Tls": ("tls.cert", "tls.key"),
    "Dockerconfigjson": ("docker_registry.server", "docker_registry.username", "docker_registry.password"),
}


def hide(value: Any) -> Any:
    """A task's (or a view's) value as the view shows it: markers stay, secrets become :data:`HIDDEN`."""
    if value is None or value in MARKERS:
        return value
    return HIDDEN


def hide_all(data: Any) -> dict[str, str] | None:
    """``data`` with every value replaced by its marker."""
    return None if data is None else {str(key): hide(value) for key, value in data.items()}


def marker(stored: Any, wanted: Any) -> str | None:
    """What the view shows for a stored secret value, given the task's value (``None``: not said)."""
    if stored is None:
        return None
    return HIDDEN if wanted is None or stored == wanted else DIFFERS


class EcnsSecret(EcnsObject):
    resource = "secret"
    kind = "secret"
    list_call = Call("GET", "kubernetes/secret/")
    list_key = "secrets"
    detail_call = Call("GET", "kubernetes/secret/{name}/")
    create_call = Call("POST", "kubernetes/secret/")
    update_call = Call("PATCH", "kubernetes/secret/")
    delete_call = Call("DELETE", "kubernetes/secret/")
    fields = (
        Field("cluster"),
        Field("namespace"),
        Field("product_type"),
        Field("type"),
        Field("data", mutable=True, api_name="opaque", normalize=hide_all),
        *(Field(path, mutable=True, normalize=hide) for path in SECRET_PATHS),
        Field("docker_registry.server", mutable=True, api_name="URI"),
        Field("docker_registry.username", mutable=True),
        Field("docker_registry.email", mutable=True, api_name="mail"),
    )

    # The detail answers {"secret": <values>, "secret_info": <name, type, keys>} (no
    # detail_key: both parts are kept), the list answers bare secret_info items.
    @staticmethod
    def info(item: dict[str, Any]) -> dict[str, Any]:
        """The secret_info part of a list item or of a detail answer."""
        found = item.get("secret_info")
        return found if isinstance(found, dict) else item

    def name_of(self, item: dict[str, Any]) -> str:
        return str(self.info(item).get("name") or "")

    def validate(self, desired: dict[str, Any]) -> None:
        super().validate(desired)
        kind = desired.get("type")
        given = [option for option, _block in BLOCKS.values() if desired.get(option) is not None]
        if kind is None:
            if given:
                raise ValidationError(f"secret option {given[0]} needs option type (one of {', '.join(SECRET_TYPES)})")
            return
        option = BLOCKS[kind][0]
        others = [name for name in given if name != option]
        if others:
            raise ValidationError(f"a secret of type {kind} takes its values in option {option}, not {others[0]}")
        if desired.get(option) is None:
            return  # leaves an existing secret's values alone; a create needs them (check_plan)
        if kind == "Opaque":
            check_data(self.kind, desired["data"])
            if not desired["data"]:
                raise ValidationError("a secret of type Opaque needs at least one key in option data")
        missing = [path for path in REQUIRED.get(kind, ()) if not get_path(desired, path)]
        if missing:
            raise ValidationError(f"a secret of type {kind} needs {', '.join(missing)}")

    def check_plan(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        if view is None and (desired.get("type") is None or desired.get(BLOCKS[desired["type"]][0]) is None):
            raise ValidationError(
                f"{self.label(desired)} does not exist; give option type and the values of that type to create it"
            )

    def body(self, desired: dict[str, Any]) -> dict[str, Any]:
        """The ``secret`` Type of the task: name, type and the whole value block."""
        kind = desired["type"]
        option, block = BLOCKS[kind]
        if kind == "Opaque":
            values: dict[str, Any] = as_text(desired[option]) or {}
        else:
            keys = TLS_KEYS if kind == "Tls" else DOCKER_KEYS
            values = {api: desired[option][key] for key, api in keys.items() if desired[option].get(key)}
        return {"secret": {"name": desired["name"], "type": kind, block: values}}

    def create_body(self, desired: dict[str, Any]) -> dict[str, Any]:
        return self.body(desired)

    def update_body(self, current: ObjectState, changes: dict[str, Any], desired: dict[str, Any]) -> dict[str, Any]:
        # ECNS replaces a secret's whole value block; the task gave all of it (see validate).
        return self.body({**desired, "type": self.info(current.item).get("type")})

    def delete_body(self, current: ObjectState) -> dict[str, Any]:
        info = self.info(current.item)
        return {"secrets": [{"name": info.get("name"), "type": info.get("type")}]}

    def list_params(self, filters: dict[str, Any]) -> dict[str, Any]:
        return {"type": filters["type"]} if filters.get("type") else {}

    def view(self, current: ObjectState) -> dict[str, Any]:
        view = super().view(current)
        stored = current.item.get("secret")
        if isinstance(stored, dict):
            view.update(self.value_markers(stored, current.desired))
        return view

    def item_view(self, item: dict[str, Any]) -> dict[str, Any]:
        info = self.info(item)
        return {
            "type": info.get("type"),
            "keys": sorted(info.get("keys") or []),
            "creation_time": info.get("creation_time"),
        }

    @staticmethod
    def value_markers(stored: dict[str, Any], desired: dict[str, Any]) -> dict[str, Any]:
        """The value block of a detail as the view shows it: markers for secrets, the rest as is."""
        kind = stored.get("type")
        if kind == "Opaque":
            values = stored.get("opaque") or {}
            wanted = as_text(desired.get("data")) or {}
            return {"data": {key: marker(value, wanted.get(key)) for key, value in values.items()}}
        if kind == "Tls":
            values = stored.get("tls") or {}
            wanted = desired.get("tls") or {}
            return {"tls": {key: marker(values.get(api), wanted.get(key)) for key, api in TLS_KEYS.items()}}
        if kind == "Dockerconfigjson":
            values = stored.get("dockerconfigjson") or {}
            wanted = desired.get("docker_registry") or {}
            shown = {key: values.get(api) for key, api in DOCKER_KEYS.items() if key != "password"}
            return {"docker_registry": {**shown, "password": marker(values.get("password"), wanted.get("password"))}}
        return {}
