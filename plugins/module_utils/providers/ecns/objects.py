# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One declarative pattern for the ECNS objects that are plain REST resources.

Configmaps, secrets, services, ingresses, PVCs, jobs, Harbor projects... differ only
in their paths, the key their list answers under, the key that wraps one object, and
how a task's options become a request body. A subclass of :class:`EcnsObject`
declares those as class attributes (:class:`Call` for each operation) and fills the
few hooks its API needs (``create_body``, ``item_view``, ...); reading, finding by
name, the session scope, listing every page, 404 handling, deletion and the portable
view are written once, here. Modules stay thin: an argument spec, documentation and
``runner.reconcile_resource``/``list_resources``.

Every path is relative to ``/api/ecns/<product_type>/`` and may use the placeholders
``{name}``, ``{cluster}``, ``{namespace}`` and ``{project_id}``. ECNS keeps the cluster
and namespace in the session (see ``ecns.py``): a namespaced object switches the
session to the task's scope before its first call.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ApiError, ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import (
    READY,
    ResourceAdapter,
    Status,
    get_path,
    named,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.api import EcnsApi, check_cluster_name
from ansible_collections.kaas.cloud.plugins.module_utils.transport import fill_path

DEFAULT_PRODUCT = "eks"
DEFAULT_NAMESPACE = "default"
#: Kubernetes object names (RFC 1123 labels), the rule ECNS applies to names in paths.
NAME_RULE = "at most 63 lower-case letters, digits or '-', starting and ending with a letter or digit"


@dataclasses.dataclass(frozen=True)
class Call:
    """One HTTP call of a resource: method, path template and fixed query parameters."""

    method: str
    path: str
    params: tuple[tuple[str, str], ...] = ()


@dataclasses.dataclass(frozen=True)
class Scope:
    """Where an object lives: ECNS product of the path, cluster and namespace."""

    product_type: str
    cluster: str
    namespace: str

    @classmethod
    def of(cls, desired: dict[str, Any], *, namespaced: bool = True) -> Scope:
        """The scope of a task, its cluster and namespace checked (both go into the switch's path)."""
        cluster = desired.get("cluster")
        if namespaced and not cluster:
            raise ValidationError("option cluster is required for ECNS objects (the cluster name)")
        if cluster:
            check_cluster_name(cluster)
        namespace = desired.get("namespace") or DEFAULT_NAMESPACE
        if not is_kubernetes_name(namespace):
            raise ValidationError(f"namespace {str(namespace)!r} is not a Kubernetes namespace name: {NAME_RULE}")
        return cls(desired.get("product_type") or DEFAULT_PRODUCT, cluster or "", namespace)


@dataclasses.dataclass
class ObjectState:
    """An object as ECNS answers it, where it lives, and the task that asked for it."""

    item: dict[str, Any]
    scope: Scope
    desired: dict[str, Any] = dataclasses.field(default_factory=dict)


def is_kubernetes_name(value: Any) -> bool:
    text = str(value)
    return (
        0 < len(text) <= 63
        and text[0].isalnum()
        and text[-1].isalnum()
        and all(c.isdigit() or ("a" <= c <= "z") or c == "-" for c in text)
    )


class EcnsObject(ResourceAdapter):
    """A REST object of ECNS, declared by its calls; see the module docstring."""

    api: EcnsApi
    #: How messages name the kind ("configmap", "secret", "Harbor project").
    kind: ClassVar[str]
    #: Whether the object lives in a namespace (switch the session first) or in the project.
    namespaced: ClassVar[bool] = True
    list_call: ClassVar[Call | None] = None
    #: Key of the answer that holds the list.
    list_key: ClassVar[str] = ""
    #: Whether the list is numbered pages (``page``/``page_size``/``count``).
    paged: ClassVar[bool] = False
    #: Whether list items lack what the detail has (then ``*_info`` reads each one's detail).
    list_is_summary: ClassVar[bool] = False
    #: One object by name; ``None`` when ECNS has no detail call (then it is found in the list).
    detail_call: ClassVar[Call | None] = None
    #: Key of the detail answer that wraps the object ("configmap"); empty when it is the answer.
    detail_key: ClassVar[str] = ""
    create_call: ClassVar[Call | None] = None
    update_call: ClassVar[Call | None] = None
    delete_call: ClassVar[Call | None] = None
    #: Where an object holds its name (a dotted path).
    name_key: ClassVar[str] = "name"
    # create and update read the object back after the write.
    returns_fresh_state = True

    # -- hooks a kind fills ------------------------------------------------------------

    def create_body(self, desired: dict[str, Any]) -> Any:
        """The body of the create call."""
        raise NotImplementedError

    def update_body(self, current: ObjectState, changes: dict[str, Any], desired: dict[str, Any]) -> Any:
        """The body of the update call; by default the create body of the merged state."""
        merged = {**self.view(current), **changes, "name": self.name_of(current.item)}
        return self.create_body(merged)

    def update_params(self, current: ObjectState, changes: dict[str, Any], desired: dict[str, Any]) -> dict[str, Any]:
        """Query parameters of the update call, for APIs whose ``?action=`` depends on the change."""
        return {}

    def delete_body(self, current: ObjectState) -> Any:
        """The body of the delete call (ECNS batch deletes name their objects in it)."""
        return None

    def item_view(self, item: dict[str, Any]) -> dict[str, Any]:
        """The kind's own part of the portable view (what results return and diffs show)."""
        return {}

    def list_params(self, filters: dict[str, Any]) -> dict[str, Any]:
        """Query parameters of the list call for an ``*_info`` module's filters."""
        return {}

    def detail_params(self, desired: dict[str, Any]) -> dict[str, Any]:
        """Query parameters of the detail call that depend on the task (an application's ``type``)."""
        return {}

    def delete_params(self, current: ObjectState) -> dict[str, Any]:
        """Query parameters of the delete call that depend on the task (an application's cascade)."""
        return {}

    def check_name(self, name: Any) -> None:
        """Refuse a name ECNS would refuse; Kubernetes' rule by default."""
        if not is_kubernetes_name(name):
            raise ValidationError(f"{self.kind} name {name!r} is invalid: {NAME_RULE}")

    # -- the pattern ---------------------------------------------------------------------

    def name_of(self, item: dict[str, Any]) -> str:
        return str(get_path(item, self.name_key) or "")

    def label(self, desired: dict[str, Any]) -> str:
        return f"{named(self.kind, desired.get('name'))} (ecns)"

    def validate(self, desired: dict[str, Any]) -> None:
        Scope.of(desired, namespaced=self.namespaced)
        if desired.get("name") is not None:
            self.check_name(desired["name"])

    def path_values(self, name: str) -> dict[str, str]:
        """The placeholders a name fills in a call's path; ``{name}`` alone by default."""
        return {"name": name}

    def rest(self, call: Call, scope: Scope, name: str = "") -> str:
        """The call's path under ``/api/ecns/<product_type>/``, each placeholder one encoded segment."""
        return fill_path(
            call.path,
            cluster=scope.cluster,
            namespace=scope.namespace,
            project_id=self.api.project_id,
            **self.path_values(name),
        )

    def url(self, call: Call, scope: Scope, name: str = "") -> str:
        return self.api.path(scope.product_type, self.rest(call, scope, name))

    def send(self, call: Call, scope: Scope, name: str = "", **kwargs: Any) -> Any:
        """Send ``call`` in ``scope`` (switching the session first for a namespaced object)."""
        self.enter(scope)
        params = {key: value.format(name=name) for key, value in call.params}
        params.update(kwargs.pop("params", None) or {})
        return self.transport.request(call.method, self.url(call, scope, name), params=params or None, **kwargs)

    def send_unless_gone(self, call: Call, scope: Scope, name: str = "", **kwargs: Any) -> Any:
        """:meth:`send`, with ``None`` when ECNS answers 404 (the object is not there)."""
        try:
            return self.send(call, scope, name, **kwargs)
        except ApiError as error:
            if error.not_found:
                return None
            raise

    def enter(self, scope: Scope) -> None:
        if self.namespaced:
            self.api.use_scope(scope.product_type, scope.cluster, scope.namespace)

    def _detail(self, scope: Scope, name: str, desired: dict[str, Any]) -> ObjectState | None:
        if self.detail_call is None:
            found = [item for item in self._list(scope, {}) if self.name_of(item) == name]
            return ObjectState(found[0], scope, desired) if found else None
        answer = self.send_unless_gone(self.detail_call, scope, name, params=self.detail_params(desired))
        if answer is None:
            return None
        item = answer.get(self.detail_key) if self.detail_key else answer
        return ObjectState(item if isinstance(item, dict) else {}, scope, desired)

    def _list(self, scope: Scope, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.list_call is None:
            raise ValidationError(f"ECNS cannot list {self.kind}s")
        if self.paged:
            self.enter(scope)
            query = {**dict(self.list_call.params), **params}
            return self.api.paged(scope.product_type, self.rest(self.list_call, scope), self.list_key, query)
        answer = self.send(self.list_call, scope, params=params)
        listed = answer.get(self.list_key) if isinstance(answer, dict) else answer
        return [item for item in listed or [] if isinstance(item, dict)]

    def find(self, desired: dict[str, Any]) -> ObjectState | None:
        return self._detail(Scope.of(desired, namespaced=self.namespaced), str(desired["name"]), desired)

    def read(self, current: ObjectState) -> ObjectState | None:
        return self._detail(current.scope, self.name_of(current.item), current.desired)

    def list(self, filters: dict[str, Any]) -> list[ObjectState]:
        scope = Scope.of(filters, namespaced=self.namespaced)
        listed = [ObjectState(item, scope) for item in self._list(scope, self.list_params(filters))]
        if self.list_is_summary and self.detail_call is not None:
            return [fresh for state in listed for fresh in [self.read(state)] if fresh is not None]
        return listed

    def status(self, current: ObjectState) -> Status:
        # Plain API objects exist once ECNS answers the create; kinds with a life cycle override this.
        return Status(READY, "Active")

    def view(self, current: ObjectState) -> dict[str, Any]:
        scope = current.scope
        located = {"name": self.name_of(current.item), "product_type": scope.product_type}
        if self.namespaced:
            located.update(cluster=scope.cluster, namespace=scope.namespace)
        return {**located, **self.item_view(current.item)}

    def create(self, desired: dict[str, Any]) -> ObjectState:
        if self.create_call is None:
            return super().create(desired)
        scope, name = Scope.of(desired, namespaced=self.namespaced), str(desired["name"])
        self.send(self.create_call, scope, name, json=self.create_body(desired))
        created = self._detail(scope, name, desired)
        if created is None:
            raise ValidationError(f"{self.label(desired)} was accepted but cannot be read back")
        return created

    def update(self, current: ObjectState, changes: dict[str, Any], desired: dict[str, Any]) -> ObjectState:
        if self.update_call is None:
            return super().update(current, changes, desired)
        name = self.name_of(current.item)
        self.send(
            self.update_call,
            current.scope,
            name,
            json=self.update_body(current, changes, desired),
            params=self.update_params(current, changes, desired),
        )
        fresh = self.read(current)
        if fresh is None:
            raise ValidationError(f"{self.label(desired)} disappeared during the update")
        return fresh

    def delete(self, current: ObjectState) -> None:
        if self.delete_call is None:
            super().delete(current)
            return
        # A 404 means another run deleted it between our read and this call: the goal is reached.
        self.send_unless_gone(
            self.delete_call,
            current.scope,
            self.name_of(current.item),
            json=self.delete_body(current),
            params=self.delete_params(current),
        )
