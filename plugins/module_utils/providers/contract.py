# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The contract between the shared reconciler and one provider's API.

A provider is a ``ProviderApi`` (``connection.py``: endpoint, authentication, error
format) plus one :class:`ResourceAdapter` per resource it manages. Adapters translate between
the portable model and the provider's payloads; they never decide idempotency,
check mode or waiting, which belong to ``reconcile.py``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Mapping

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ApiError, ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.connection import ProviderApi
from ansible_collections.kaas.cloud.plugins.module_utils.waiting import Progress

READY = "ready"
PENDING = "pending"
FAILED = "failed"


def unchanged(value: Any) -> Any:
    return value


def get_path(data: dict[str, Any] | None, path: str) -> Any:
    """``data["a"]["b"]`` for ``"a.b"``, ``None`` where a part is missing."""
    for part in path.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """``data["a"]["b"] = value`` for ``"a.b"``, creating the missing levels."""
    *parents, last = path.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value


def named(what: str, name: Any) -> str:
    """``what 'name'``, as messages name a resource; ``what`` + "s" when the task names none.

    Only an ``*_info`` task reaches a message without a name; it reads all of them.
    """
    if name is None or name == "":
        return f"{what}s"
    return f"{what} '{name}'"


@dataclass(frozen=True)
class Field:
    """One option of the portable model as a provider supports it.

    ``path`` is the option's place in the desired state: ``node_count`` or, for a
    provider block, ``deployme.control_planes``. ``compare=False`` marks write-only
    values (secrets, scripts) that a provider never returns. ``reported=False``
    marks values a provider may or may not echo back (NKS labels its document does
    not list): they are compared only when the provider reports them, because an
    absent value says nothing about what the resource was created with.
    ``matches(current, wanted)`` replaces equality for values the provider
    completes with its own (ECNS assigns node ports inside the ports a task sets).
    ``complete(current, wanted, after)`` is what the provider will show for
    ``wanted`` (already normalised), given the value it had (``current``, None for a
    create) and the rest of the predicted resource (``after``): the defaults it fills
    in and the values it keeps or assigns (ECNS ports: protocol TCP, node ports), so
    that check mode predicts the diff of the real run.
    """

    path: str
    mutable: bool = False
    normalize: Callable[[Any], Any] = unchanged
    compare: bool = True
    api_name: str | None = None
    reported: bool = True
    matches: Callable[[Any, Any], bool] | None = None
    complete: Callable[[Any, Any, dict[str, Any]], Any] | None = None

    @property
    def label(self) -> str:
        return self.api_name or self.path


#: What check mode shows for a value the provider assigns during the change and
#: nobody can know before (a node port ECNS picks): "some value, decided by the provider".
ASSIGNED = "(assigned by the provider)"


@dataclass
class Status:
    """Where a resource stands: ``ready``, ``pending`` (an operation runs) or ``failed``.

    ``operation`` names the provider's asynchronous operation the status follows (an
    ITCare action id), for providers that have one: a timeout or a failure names it so
    the user can follow the operation at the provider.
    """

    state: str
    raw: str
    reason: str | None = None
    operation: str | None = None


class ResourceAdapter(ABC):
    """One resource of one provider, in the terms the reconciler understands."""

    resource: ClassVar[str]
    fields: ClassVar[tuple[Field, ...]] = ()
    # Extra information an *_info module can ask for (option ``include``), each costing requests.
    details_offered: ClassVar[tuple[str, ...]] = ()
    # Mutable fields the provider's create request cannot carry (ITCare HA, patch party):
    # after a create, the reconciler applies them as an update of the new resource.
    set_after_create: ClassVar[frozenset[str]] = frozenset()
    #: A failed resource can be repaired by an update (a new image fixes a stuck rollout).
    repairable_by_update: ClassVar[bool] = False
    #: ``create`` and ``update`` return the resource as read after the write, so a ready
    #: status there is final and waiting needs no further read.
    returns_fresh_state: ClassVar[bool] = False
    #: Desired values that switch the resource off (an autoscaler's ``enabled: false``), for
    #: resources that are turned off rather than deleted: with its parent gone, such a
    #: resource is off already, as a deleted one is absent.
    off_when: ClassVar[tuple[tuple[str, Any], ...]] = ()
    #: View keys that name the resource besides its name and id (an image tag's ``tag``),
    #: shown in diffs with them although they are not compared.
    identity_keys: ClassVar[tuple[str, ...]] = ()
    #: Seconds the quickest asynchronous operation on this resource takes at the provider
    #: (None: unknown, or some end at once): waiting does not look before then, up to one
    #: ``poll_interval`` (``waiting.py``).
    shortest_operation: ClassVar[float | None] = None
    #: Set by the reconciler when it reads the resource until an operation ends after each
    #: write: ``create`` and ``update`` may then return what the write answered (with a
    #: status saying the operation runs) instead of reading the resource back.
    followed_after_write: bool = False

    def __init__(self, api: ProviderApi) -> None:
        self.api = api
        self.transport = api.transport

    @property
    def provider(self) -> str:
        return self.api.name

    @classmethod
    def field_paths(cls) -> set[str]:
        return {f.path for f in cls.fields}

    @classmethod
    def field(cls, path: str) -> Field | None:
        return next((f for f in cls.fields if f.path == path), None)

    def label(self, desired: dict[str, Any]) -> str:
        return f"{named(self.resource, desired.get('name') or desired.get('id'))} ({self.provider})"

    def validate(self, desired: dict[str, Any]) -> None:  # noqa: B027 - optional hook
        """Check provider rules on the desired state; raise ValidationError. No request."""

    def check_plan(  # noqa: B027 - optional hook
        self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]
    ) -> None:
        """Refuse a planned create (``view`` is None) or update the provider would refuse.

        Runs in check mode too, before any write, so that check mode predicts the
        failure. ``changes`` is ``{path: (current, requested)}``. May send reads (a
        list of supported versions); raise PlanError or ValidationError.
        """

    def left_to_provider(self, current: Any, changes: dict[str, tuple], desired: dict[str, Any]) -> dict[str, str]:
        """Planned changes the provider manages itself right now, each with the warning to show.

        An autoscaler owns a node count while it is on: asking for another count
        must not fight it. The reconciler drops these changes and warns. Raise
        PlanError for a request the provider's own management cannot honour.
        """
        return {}

    def turns_off(self, desired: dict[str, Any]) -> bool:
        """Whether ``desired`` only asks for the resource to be off (see ``off_when``)."""
        return bool(self.off_when) and all(desired.get(key) == value for key, value in self.off_when)

    def predicted(self, after: dict[str, Any], before: dict[str, Any]) -> dict[str, Any]:
        """The view check mode predicts, completed with what the provider derives from the change.

        ``after`` is ``before`` (the current view, empty for a create) with the
        requested values set; a provider whose own rules change other values as a
        consequence (NKS forgets the targets of an access control turned off) sets them
        here. The default derives nothing.
        """
        return after

    def refuse_delete(self, desired: dict[str, Any]) -> None:  # noqa: B027 - optional hook
        """Refuse, before any request, a deletion the provider never allows (a default group)."""

    def preview(self, current: Any, changes: dict[str, Any], desired: dict[str, Any]) -> None:  # noqa: B027
        """In check mode only: have the provider validate the first planned write without applying it.

        ``current`` is None for a create. For providers with a dry-run mode (ITCare's
        ``ITCare-DryRun`` header); the default sends nothing.
        """

    def check_delete(self, current: Any, desired: dict[str, Any]) -> None:  # noqa: B027 - optional hook
        """Refuse a deletion the provider cannot do, before check mode reports a change."""

    def split_update(self, changes: dict[str, Any]) -> list[dict[str, Any]]:
        """The changes as successive steps, for providers that take one operation at a time.

        The reconciler waits for the resource to be ready between two steps.
        """
        return [changes]

    @abstractmethod
    def find(self, desired: dict[str, Any]) -> Any:
        """The current resource matching ``desired`` (by id or name), or ``None``."""

    @abstractmethod
    def view(self, current: Any) -> dict[str, Any]:
        """The portable view of a resource: what results return and diffs show."""

    @abstractmethod
    def read(self, current: Any) -> Any:
        """The resource again, fresh from the provider, or ``None`` once it is gone."""

    @abstractmethod
    def status(self, current: Any) -> Status:
        """Whether the resource is ready, busy or failed."""

    def create(self, desired: dict[str, Any]) -> Any:
        raise ValidationError(f"{self.provider} cannot create a {self.resource} through this collection")

    def update(self, current: Any, changes: dict[str, Any], desired: dict[str, Any]) -> Any:
        raise ValidationError(f"{self.provider} cannot update a {self.resource} in place")

    def delete(self, current: Any) -> Any:
        """Start the deletion; may return the state to follow while it runs (else ``current`` is)."""
        raise ValidationError(f"{self.provider} cannot delete a {self.resource} through this collection")

    def get_or_none(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """GET ``path`` (with query ``params``); ``None`` when the provider answers 404 (the resource is gone)."""
        try:
            return self.transport.request("GET", path, params=params)
        except ApiError as error:
            if error.not_found:
                return None
            raise

    def delete_unless_gone(self, path: str) -> None:
        """DELETE ``path``; a 404 means another run already deleted it, which is the goal."""
        try:
            self.transport.request("DELETE", path)
        except ApiError as error:
            if not error.not_found:
                raise

    def is_deleting(self, current: Any) -> bool:
        """Whether a deletion is already under way (then ``absent`` waits instead of deleting)."""
        return False

    def progress(self, current: Any) -> Progress | None:
        """How far the running operation got, where the provider tells (waiting looks again when it should end)."""
        return None

    def list(self, filters: dict[str, Any]) -> list[Any]:
        raise ValidationError(f"{self.provider} cannot list {self.resource}s")

    def details(self, current: Any, wanted: set[str]) -> dict[str, Any]:
        """Extra information about one resource (from ``details_offered``), for its provider block."""
        return {}

    def account_details(self, wanted: set[str]) -> dict[str, Any]:
        """Extra information that belongs to the account, not one resource, for the top of the result."""
        return {}


@dataclass
class Capabilities:
    """What the registry knows about a resource across providers, for checks and error messages.

    ``loaders`` give each provider's adapter class when called (or are the classes
    themselves): a task loads its own provider's adapter, and the others only when an
    error message names the providers that could do what it asked.
    """

    resource: str
    loaders: Mapping[str, Callable[[], type[ResourceAdapter]] | type[ResourceAdapter]] = field(default_factory=dict)

    def providers(self) -> list[str]:
        return sorted(self.loaders)

    def adapter(self, provider: str) -> type[ResourceAdapter] | None:
        loader = self.loaders.get(provider)
        if loader is None:
            return None
        return loader if isinstance(loader, type) else loader()

    @property
    def by_provider(self) -> dict[str, type[ResourceAdapter]]:
        """Every provider's adapter class (imports them all)."""
        return {provider: found for provider in self.loaders for found in [self.adapter(provider)] if found}

    def providers_with(self, path: str) -> list[str]:
        return sorted(p for p, a in self.by_provider.items() if path in a.field_paths())
