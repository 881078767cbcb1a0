"""The ``tolerant-reader`` response mode: answers shaped the way real services shape them.

The emulator answers exactly as the API documents print; real services do not. They add
fields the documents never mention (the NKS guide says so outright), leave out or send
``null`` for optional fields, return lists in another order, write catalog URLs with a
trailing slash, send ``Retry-After`` as an HTTP date, and put a proxy's HTML page in
front of a 502 or 503. With ``responses: tolerant-reader`` every provider answer goes
through :meth:`Mutator.mutate` before it leaves, so a client that leans on any of
those details breaks against the emulator rather than in production.

Every choice is drawn from a random generator keyed by the mutation key, the request
(method, path, query) and how many times that request was answered since the last reset:
the same run of a test sees the same answers, and a failure reproduces with its key.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import math
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from flask import Response

from kaas_emulator.core.errors import default_message

MODES = ("as-documented", "tolerant-reader")
#: The ``/_emulator/config`` keys of this mode.
MUTATION_KEYS = frozenset({"responses", "mutation_key", "html_statuses"})
#: The environment variable :class:`~kaas_emulator.server.EmulatorServer` and the CLI read.
ENVIRONMENT = "KAAS_EMULATOR_MUTATE"
TOLERANT = "tolerant-reader"
#: Statuses whose body a proxy in front of the service replaces by its own HTML page.
DEFAULT_HTML_STATUSES = frozenset({502, 503, 504})
#: Name of the unknown field added to objects; the suffix is drawn per object.
UNKNOWN_PREFIX = "x_undocumented_"
#: Maps whose keys are data (the user's labels, config and quota; the versions NKS
#: supports), not the provider's schema: an unknown key there would be data the client
#: rightly reports or checks, which no real service invents. Left exactly as they are.
DATA_MAPS = frozenset(
    {
        "annotations",
        "binaryData",
        "binary_data",
        "cluster_events",
        "config",
        "data",
        "dockerconfigjson",
        "docker_registry",
        "hard",
        "labels",
        "matchLabels",
        "nodegroup_events",
        "match_labels",
        "node_selector",
        "nodeSelector",
        "opaque",
        "parameters",
        "quota",
        "selector",
        "stringData",
        "supported_k8s",
        "string_data",
        "tags",
        "tls",
        "used",
    }
)
#: Lists whose order is their meaning (a command line, a history, ECNS ``env``, where
#: Kubernetes resolves ``$(NAME)`` only from earlier entries), which no service reorders.
ORDERED_LISTS = frozenset({"args", "command", "cmd", "entrypoint", "entry_point", "events", "env"})
#: Lists of objects that keep the relative order of some items: Kubernetes runs init
#: containers one after the other, so only the others move among them.
IN_ORDER_ITEMS = {"containers": ("type", "init")}
#: Sets of objects found at the top of an answer, where lists of objects are otherwise
#: the page of a listing: reordered all the same (the NKS API endpoint IP ACL's targets).
TOP_LEVEL_SETS = frozenset({"ipacl_targets"})
#: Lists inside a data map (``DATA_MAPS``) that are sets: the NKS labels' additional
#: volumes and security groups. Reordered, as in any other part of an answer; the map
#: itself gains and loses no key.
DATA_SETS = frozenset({"extra_volumes", "extra_security_groups", "security_group_ids"})
#: Sets written as comma-separated text (an ITCare load balancer's ports, "80, 443"):
#: their members are reordered like a list's.
TEXT_SETS = frozenset({"portMembers"})
#: Lists of objects this close to the top of an answer are the page of a listing: their
#: order is the API's sort order, which paging by marker or page number relies on. Lists
#: of values anywhere, and lists of objects deeper inside a resource (ports, routers,
#: access modes, keys) have no documented order and are reordered.
PAGE_DEPTH = 1
#: Keystone catalogs (v2 ``serviceCatalog``, v3 ``catalog``) and their URL keys.
CATALOG_KEYS = frozenset({"serviceCatalog", "catalog"})
CATALOG_URL_KEYS = frozenset({"url", "publicURL", "internalURL", "adminURL"})
#: Response fields each provider's API documentation calls optional (or says appear only
#: in some states) and that name nothing the collection manages: a real service may
#: leave them out or send ``null``. Identifiers, names and statuses are never in here:
#: without them no resource can be read at all.
OPTIONAL_FIELDS: dict[str, frozenset[str]] = {
    "nks": frozenset(
        {
            "faults",
            "discovery_url",
            "links",
            "user_id",
            "project_id",
            "updated_at",
            "stack_id",
        }
    ),
    "itcare": frozenset(
        {
            "labelAvailabilityZone",
            "labelDataCenter",
            "metrologyUrl",
            "prettyLabel",
            "internalResourceId",
            "lastUpdatedAt",
            "endOfSalesAt",
            "extendedSupportAt",
            "creationUser",
            "allowMonitoringDisplay",
        }
    ),
    "deployme": frozenset({"updated_at", "node_count"}),
    "ecns": frozenset({"update_time", "domain_project_info", "restart_count"}),
}


class MutationConfigError(ValueError):
    """A mutation setting posted to the control API is malformed; the message says why."""


@dataclass
class Mutation:
    """What the tolerant-reader mode does; off (``as-documented``) by default."""

    mode: str = "as-documented"
    key: int = 0
    html_statuses: frozenset[int] = field(default_factory=lambda: DEFAULT_HTML_STATUSES)

    @property
    def active(self) -> bool:
        return self.mode == TOLERANT

    def to_dict(self) -> dict[str, Any]:
        return {
            "responses": self.mode,
            "mutation_key": self.key,
            "html_statuses": sorted(self.html_statuses),
        }


def parse_settings(body: dict[str, Any], current: Mutation) -> Mutation:
    """``current`` changed by the :data:`MUTATION_KEYS` found in ``body``."""
    mode = body.get("responses", current.mode)
    if mode not in MODES:
        raise MutationConfigError(f"responses must be one of: {', '.join(MODES)}")
    key = body.get("mutation_key", current.key)
    if isinstance(key, bool) or not isinstance(key, int):
        raise MutationConfigError("mutation_key must be an integer")
    statuses = body.get("html_statuses", sorted(current.html_statuses))
    if not isinstance(statuses, list) or not all(
        isinstance(s, int) and not isinstance(s, bool) and 400 <= s <= 599 for s in statuses
    ):
        raise MutationConfigError("html_statuses must be a list of HTTP error statuses (400-599)")
    return Mutation(mode=mode, key=key, html_statuses=frozenset(statuses))


def from_environment(value: str | None) -> Mutation:
    """The mutation a ``KAAS_EMULATOR_MUTATE`` value asks for: unset, empty or ``0`` = none.

    ``1`` (or any word) turns tolerant-reader on with key 0; an integer is the key.
    """
    text = (value or "").strip()
    if text in ("", "0"):
        return Mutation()
    try:
        key = int(text)
    except ValueError:
        key = 0
    return Mutation(mode=TOLERANT, key=0 if text == "1" else key)


HTML_PAGE = """<html>
<head><title>{status} {reason}</title></head>
<body>
<center><h1>{status} {reason}</h1></center>
<hr><center>nginx</center>
</body>
</html>
"""


def http_date(seconds: float, now: float | None = None) -> str:
    """``Retry-After`` as an HTTP date no earlier than ``seconds`` from now (wall clock)."""
    moment = math.ceil((time.time() if now is None else now) + max(seconds, 0.0))
    return email.utils.formatdate(moment, usegmt=True)


class Mutator:
    """Applies a :class:`Mutation` to the answers of one emulator; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.settings = Mutation()
        self._answered: Counter[str] = Counter()

    def configure(self, settings: Mutation) -> None:
        with self._lock:
            self.settings = settings
            self._answered.clear()

    def reset(self) -> None:
        """Forget how often each request was answered: a run after a reset sees the same answers."""
        with self._lock:
            self._answered.clear()

    def _random(self, method: str, path: str, query: str) -> random.Random:
        request = f"{method} {path}?{query}"
        with self._lock:
            self._answered[request] += 1
            count = self._answered[request]
            key = self.settings.key
        digest = hashlib.sha256(f"{key}|{request}|{count}".encode()).digest()
        return random.Random(int.from_bytes(digest[:8], "big"))

    def mutate(
        self, provider: str, method: str, path: str, query: str, response: Response
    ) -> Response:
        """``response`` as a real service might have sent it (unchanged when the mode is off)."""
        settings = self.settings
        if not settings.active or response.is_streamed:
            return response
        rng = self._random(method, path, query)
        retry_after = response.headers.get("Retry-After")
        if retry_after is not None and retry_after.strip().isdigit():
            response.headers["Retry-After"] = http_date(float(retry_after))
        if response.status_code in settings.html_statuses:
            reason = default_message(response.status_code)
            response.set_data(HTML_PAGE.format(status=response.status_code, reason=reason))
            response.headers["Content-Type"] = "text/html"
            return response
        if "json" not in (response.mimetype or ""):
            return response
        try:
            body = json.loads(response.get_data())
        except ValueError:
            return response
        # An error body keeps its fields: its message is what the client shows.
        optional = (
            OPTIONAL_FIELDS.get(provider, frozenset()) if response.status_code < 400 else None
        )
        mutated = _Walk(rng, optional).value(body, None, False, 0)
        response.set_data(json.dumps(mutated))
        return response


class _Walk:
    """One answer's mutation: a recursive copy of the JSON document with the changes drawn."""

    def __init__(self, rng: random.Random, optional: frozenset[str] | None) -> None:
        self.rng = rng
        #: ``None``: leave every field in (an error answer).
        self.optional = optional

    def value(self, node: Any, key: str | None, in_catalog: bool, depth: int) -> Any:
        if key in DATA_MAPS:
            return self.data(node)
        if isinstance(node, dict):
            return self.mapping(node, in_catalog or key in CATALOG_KEYS, depth)
        if isinstance(node, list):
            return self.sequence(node, key, in_catalog or key in CATALOG_KEYS, depth)
        if in_catalog and key in CATALOG_URL_KEYS and isinstance(node, str) and node:
            return node if node.endswith("/") else node + "/"
        if key in TEXT_SETS and isinstance(node, str):
            members = node.split(",")
            self.reorder(members)
            return ",".join(members)
        return node

    def mapping(self, node: dict[str, Any], in_catalog: bool, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, item in node.items():
            if self.optional is not None and (name in self.optional or item is None):
                # Left out, or sent as null: both happen for an optional field.
                if self.rng.random() < 0.5:
                    continue
                out[name] = None
                continue
            out[name] = self.value(item, name, in_catalog, depth + 1)
        suffix = f"{self.rng.getrandbits(32):08x}"
        out[UNKNOWN_PREFIX + suffix] = {"note": "not in the API documentation", "items": [suffix]}
        # The unknown field goes anywhere among the known ones, not always last.
        keys = list(out)
        self.rng.shuffle(keys)
        return {name: out[name] for name in keys}

    def sequence(self, node: list[Any], key: str | None, in_catalog: bool, depth: int) -> list[Any]:
        items = [self.value(item, None, in_catalog, depth + 1) for item in node]
        page = (
            depth <= PAGE_DEPTH
            and key not in TOP_LEVEL_SETS
            and any(isinstance(item, dict) for item in node)
        )
        if not page and key not in ORDERED_LISTS:
            self.reorder(items, IN_ORDER_ITEMS.get(key or ""))
        return items

    def reorder(self, items: list[Any], fixed: tuple[str, Any] | None = None) -> None:
        """Shuffle ``items`` in place.

        With ``fixed`` (a field and a value), the items that have that value keep their
        order among them.
        """
        if fixed is None:
            self.rng.shuffle(items)
            return
        field_name, held = fixed
        kept = [item for item in items if isinstance(item, dict) and item.get(field_name) == held]
        places = list(range(len(items)))
        self.rng.shuffle(places)
        shuffled = [items[place] for place in places]
        if kept:
            # The held items take, in their order, the places they were shuffled to.
            spots = [index for index, item in enumerate(shuffled) if any(item is k for k in kept)]
            for spot, item in zip(spots, kept, strict=True):
                shuffled[spot] = item
        items[:] = shuffled

    def data(self, node: Any, key: str | None = None) -> Any:
        """A data map as it is, but for the sets it holds (``DATA_SETS``), which are reordered."""
        if isinstance(node, dict):
            return {name: self.data(item, name) for name, item in node.items()}
        if isinstance(node, list):
            items = [self.data(item) for item in node]
            if key in DATA_SETS:
                self.reorder(items)
            return items
        return node
