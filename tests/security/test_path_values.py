"""Path-breaking values in every option that reaches a URL, for every module and provider.

A cluster id, a namespace or a name is a path segment of the provider's API. Given
``../x``, ``?x=y``, ``#x``, ``%2F`` or ``a/b``, a client that pastes it into the path
reaches another resource (a ``PATCH`` of ``/v1/clusters/../cls_other``), drops the
rest of the path (``#x``), or adds a query. For each module and provider of the
bad-input suite's valid tasks, and each option of that task that reaches a URL, each
value below replaces the option, in every state the module has (``present``,
``absent``) or as the ``*_info`` lookup. The module must either:

* refuse before any request (the emulator's request log is empty) with a message
  naming the option, or
* send only requests whose paths are the ones the same task sends with a harmless
  value of that option, the value appearing only as one percent-encoded segment where
  the harmless one did, never as a separator, dot segment, query or fragment; and no
  write before a refusal.
"""

from __future__ import annotations

import importlib
import re
from typing import Any
from urllib.parse import parse_qsl, quote, unquote

import pytest
from test_bad_input import BASES, captured_spec, connection

from ansible_collections.kaas.cloud.plugins.modules import k8s_cluster
from support.harness import WRITE_METHODS, run_module

#: Values that change the resource a path names when pasted into it unencoded.
BAD_VALUES = (
    "../x",
    "..",
    ".",
    "?x=y",
    "#x",
    "%2F",
    "a/b",
    "x%2e%2e",
    "../../cls_other",
    "valid-name/..",
    "a;b",
    "a\\b",
)
#: Options whose value goes into a request path for some module and provider.
PATH_OPTIONS = ("id", "name", "cluster", "cluster_id", "namespace", "nodegroup", "tag", "workspace")
#: What an option is called in a provider's refusal when the module passes it on under another name.
ALIASES = {("kubeconfig", "cluster"): ("cluster", "name"), ("kubeconfig", "cluster_id"): ("cluster_id", "id")}
#: A harmless value per option, kept where the task's own value would not fit the option.
HARMLESS = {"id": "7", "tag": "v1", "workspace": "team", "nodegroup": "default-worker", "cluster_id": "7"}
MARK = "zzpathvaluezz"
#: ECNS images are named <workspace>/<image>, two segments of their paths (each encoded).
TWO_SEGMENTS = {("image", "name"), ("image_info", "name")}
#: Options that exclude each other: substituting one leaves the other out of the task.
PARTNERS = {"id": "name", "name": "id", "cluster_id": "cluster", "cluster": "cluster_id"}
#: Modules whose task names a cluster of the bad-input suite's k8s_cluster task ("valid-name"):
#: it is created first, or the values of the task's other options would never reach a URL.
CHILDREN = {"kubeconfig", "nodegroup", "nodegroup_info", "autoscaler", "ipacl", "load_balancer", "load_balancer_info"}
#: Token requests: signing in changes no resource.
SIGN_IN = re.compile(r"/identity/|/openid-connect/token$")


def states(spec: dict[str, Any]) -> list[str | None]:
    state = spec.get("state")
    if state is None:
        return [None]
    return [s for s in ("present", "absent") if s in (state.get("choices") or ())] or [None]


def options_in(spec: dict[str, Any]) -> list[str]:
    return [option for option in PATH_OPTIONS if option in spec]


def substitute(spec: dict[str, Any], task: dict[str, Any], option: str, value: Any) -> dict[str, Any]:
    """``task`` with ``option`` set to ``value``, and the option it excludes left out unless required."""
    partner = PARTNERS.get(option)
    drop = partner if partner in spec and not spec[partner].get("required") else None
    return {**{k: v for k, v in task.items() if k != drop}, option: value}


def harmless(base: dict[str, Any], option: str) -> Any:
    return base.get(option, HARMLESS.get(option, "valid-name"))


class Emulator:
    """The emulator, reset before a run only when an earlier run wrote to it (reads and refusals change nothing).

    A reset recreates the task's parent cluster and waits for it, which costs seconds:
    an ``*_info`` module's 48 cases, which only read, share one.
    """

    def __init__(self, cloud: Any, provider: str, parent: str | None) -> None:
        self.cloud = cloud
        self.provider = provider
        self.parent = parent
        self.dirty = True

    def clean(self) -> None:
        """A fresh emulator with the task's parent cluster, so that its own values reach the API."""
        if self.dirty:
            self.cloud.reset()
            if self.parent is not None:
                created = run_module(
                    k8s_cluster.main, {**connection(self.cloud.url, self.provider), **BASES[self.parent][self.provider]}
                )
                assert not created.get("failed"), created
            self.dirty = False
        self.cloud.clear_log()

    def run(self, main: Any, provider: str, args: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """Run one task on a clean emulator; its result and the requests it sent."""
        self.clean()
        result = run_module(main, {**connection(self.cloud.url, provider), **args})
        sent = self.cloud.requests()
        self.dirty = bool(writes_in(sent))
        return result, sent

    def run_all(self, main: Any, provider: str, tasks: list[dict[str, Any]]) -> list[tuple[dict, list[dict]]]:
        """Each task's result and requests: one log read for the lot when none of them sent any.

        Only when the log is not empty are the tasks run again one at a time, each on a
        clean emulator, so that every request is tied to its task.
        """
        self.clean()
        results = [run_module(main, {**connection(self.cloud.url, provider), **args}) for args in tasks]
        sent = self.cloud.requests()
        if not sent:
            return [(result, []) for result in results]
        self.dirty = bool(writes_in(sent))
        return [self.run(main, provider, args) for args in tasks]


def writes_in(sent: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The requests that change a resource: writes other than signing in."""
    return [e for e in sent if e["method"] in WRITE_METHODS and not SIGN_IN.search(e["path"])]


def probe(emulator: Emulator, main: Any, spec: dict, module_name: str, task: dict, option: str, value: Any) -> set:
    """The requests (method, marked path) the task sends with harmless values of ``option``.

    Run with the task's own value and with a marker value, from a fresh emulator each
    time, exactly as the cases are.
    """
    allowed: set[tuple[str, str]] = set()
    for harmless_value in (value, MARK):
        _result, sent = emulator.run(main, emulator.provider, substitute(spec, task, option, harmless_value))
        allowed |= {shape(entry, encode(module_name, option, harmless_value)) for entry in sent}
    return allowed


def encode(module_name: str, option: str, value: Any) -> str:
    """How ``value`` must appear in a path: one encoded segment, or two for a ``<workspace>/<image>``."""
    if (module_name, option) in TWO_SEGMENTS and "/" in str(value):
        workspace, _slash, image = str(value).partition("/")
        return f"{quote(workspace, safe='')}/{quote(image, safe='')}"
    return quote(str(value), safe="")


def shape(entry: dict[str, Any], encoded: str) -> tuple[str, str, tuple[str, ...]]:
    """(method, raw path with the value's encoded segment(s) marked, query parameter names).

    A pasted ``?x=y`` shows as a new parameter name, a pasted ``#x`` as a shorter path.
    """
    padded = f"{entry['raw_path']}/"
    names = tuple(sorted({name for name, _value in parse_qsl(entry["query"], keep_blank_values=True)}))
    return entry["method"], padded.replace(f"/{encoded}/", f"/{MARK}/")[:-1], names


def check_sent(label: str, value: str, encoded: str, sent: list[dict[str, Any]], allowed: set) -> None:
    for entry in sent:
        raw = entry["raw_path"]
        decoded = [unquote(segment) for segment in raw.split("/")]
        assert not {".", ".."} & set(decoded), f"{label}: dot segment in {entry['method']} {raw}"
        if any(char in value for char in "/?#") and encoded != value:
            assert value not in raw, f"{label}: the value went into {entry['method']} {raw} unencoded"
        # The value is one segment where a harmless value was, or not in the path at all.
        assert shape(entry, encoded) in allowed, (
            f"{label}: {entry['method']} {raw} is not a request the task sends with a harmless value "
            f"({sorted(allowed)})"
        )


#: The bad-input suite's valid tasks, and those of the modules it does not cover.
TASKS: dict[str, dict[str, dict[str, Any]]] = {
    **BASES,
    "configmap": {"ecns": {"cluster": "ecns-east", "name": "valid-name", "data": {"KEY": "value"}}},
    "configmap_info": {"ecns": {"cluster": "ecns-east", "name": "valid-name"}},
}
MATRIX = [(module, provider) for module, providers in TASKS.items() for provider in providers]


@pytest.mark.parametrize(("module_name", "provider"), MATRIX, ids=[f"{m}-{p}" for m, p in MATRIX])
def test_path_values(cloud, report, module_name, provider):
    spec = captured_spec(module_name)
    base = TASKS[module_name][provider]
    main = importlib.import_module(f"ansible_collections.kaas.cloud.plugins.modules.{module_name}").main
    quick = {"wait_timeout": 5} if "wait_timeout" in spec else {}
    counted = {"refused": 0, "sent": 0}
    parent = "k8s_cluster" if module_name in CHILDREN and provider in BASES["k8s_cluster"] else None
    emulator = Emulator(cloud, provider, parent)
    for state in states(spec):
        task = {**base, **quick, **({"state": state} if state else {})}
        for option in options_in(spec):
            allowed: set[tuple[str, str]] | None = None
            outcomes = emulator.run_all(main, provider, [substitute(spec, task, option, value) for value in BAD_VALUES])
            for value, (result, sent) in zip(BAD_VALUES, outcomes, strict=True):
                label = f"{module_name} ({provider}) state={state} {option}={value!r}"
                message = str(result.get("msg") or "")
                assert not message.startswith("unexpected error"), f"{label}: {message}"
                if not sent:
                    assert result.get("failed"), f"{label}: accepted without a request: {result}"
                    names = ALIASES.get((module_name, option), (option,))
                    assert any(re.search(rf"\b{re.escape(n)}\b", message) for n in names), (
                        f"{label}: the refusal does not name the option: {message}"
                    )
                    counted["refused"] += 1
                else:
                    if allowed is None:
                        allowed = probe(emulator, main, spec, module_name, task, option, harmless(base, option))
                    check_sent(label, value, encode(module_name, option, value), sent, allowed)
                    if result.get("failed") and repr(value) in message:
                        # Refused for the value after requests: they must all have been reads.
                        writes = writes_in(sent)
                        assert not writes, f"{label}: wrote {writes} before refusing: {message}"
                    counted["sent"] += 1
    report(
        {
            "case": f"path values {module_name} ({provider})",
            "detail": f"{counted['refused']} refused before any request, {counted['sent']} sent to the intended paths",
            "path_value_cases": counted["refused"] + counted["sent"],
        }
    )
