"""The ``/_emulator`` control API: health, reset, time scale, faults, request log, preloading.

Tests and scripts drive the emulator through it over HTTP, so the same controls work
for in-process tests, integration playbooks and a developer's curl. It needs no auth
and is neither logged nor subject to faults.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request

from kaas_emulator.core.errors import ApiError
from kaas_emulator.core.faults import FaultRuleError
from kaas_emulator.core.mutate import MUTATION_KEYS, MutationConfigError, parse_settings
from kaas_emulator.core.runtime import emulator

CONTROL_PREFIX = "/_emulator"

blueprint = Blueprint("kaas_emulator_control", __name__, url_prefix=CONTROL_PREFIX)


def _json_body() -> Any:
    body = request.get_json(silent=True)
    if body is None:
        raise ApiError(400, "request body must be JSON")
    return body


@blueprint.get("/health")
def health() -> Response:
    """Liveness probe that also tells which providers are served."""
    emu = emulator()
    return jsonify({"status": "ok", "providers": list(emu.providers), "time_scale": emu.time_scale})


@blueprint.post("/reset")
def reset() -> tuple[str, int]:
    """Wipe provider state, faults, request log and rate-limit counters."""
    emulator().reset()
    return "", 204


@blueprint.route("/config", methods=["GET", "POST"])
def config() -> Response:
    """Read or change run-time settings: ``time_scale``, planted ``credentials``, answer shape.

    ``credentials`` is a list of extra values every provider accepts as a user name,
    password, project, client id or secret, or static token; the answer gives only
    their number, never the values. ``responses`` (``as-documented`` or
    ``tolerant-reader``), ``mutation_key`` and ``html_statuses`` set how answers are
    reshaped (see :mod:`kaas_emulator.core.mutate`); a reset keeps them.
    """
    emu = emulator()
    if request.method == "POST":
        body = _json_body()
        if not isinstance(body, dict):
            raise ApiError(400, "config must be a JSON object")
        unknown = sorted(set(body) - {"time_scale", "credentials", *MUTATION_KEYS})
        if unknown:
            raise ApiError(400, f"unknown config key(s): {', '.join(unknown)}")
        if "time_scale" in body:
            try:
                emu.time_scale = body["time_scale"]
            except ValueError as exc:
                raise ApiError(400, str(exc)) from exc
        if "credentials" in body:
            values = body["credentials"]
            if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
                raise ApiError(400, "credentials must be a list of non-empty strings")
            emu.planted_credentials = frozenset(values)
        if MUTATION_KEYS & set(body):
            try:
                emu.mutator.configure(parse_settings(body, emu.mutator.settings))
            except MutationConfigError as exc:
                raise ApiError(400, str(exc)) from exc
    return jsonify(
        {
            "time_scale": emu.time_scale,
            "planted_credentials": len(emu.planted_credentials),
            **emu.mutator.settings.to_dict(),
        }
    )


@blueprint.route("/faults", methods=["GET", "POST", "DELETE"])
def faults() -> Response | tuple[Response, int] | tuple[str, int]:
    """List, add (one rule or a list) or clear fault rules."""
    emu = emulator()
    if request.method == "DELETE":
        emu.faults.clear()
        return "", 204
    if request.method == "POST":
        try:
            added = emu.faults.add(_json_body(), set(emu.providers))
        except FaultRuleError as exc:
            raise ApiError(400, str(exc)) from exc
        return jsonify(
            {"added": [rule.to_dict() for rule in added], "faults": emu.faults.list()}
        ), 201
    return jsonify({"faults": emu.faults.list()})


@blueprint.route("/requests", methods=["GET", "DELETE"])
def requests_log() -> Response | tuple[str, int]:
    """Read (filtered by ``provider``, ``method``, ``after`` a seq) or clear the log."""
    emu = emulator()
    if request.method == "DELETE":
        emu.log.clear()
        return "", 204
    try:
        after = int(request.args.get("after") or 0)
    except ValueError as exc:
        raise ApiError(400, "after must be a request sequence number (an integer)") from exc
    entries, last_seq = emu.log.page(
        provider=request.args.get("provider") or None,
        method=request.args.get("method") or None,
        after=after,
    )
    return jsonify({"requests": entries, "last_seq": last_seq})


@blueprint.post("/preload/<provider>")
def preload(provider: str) -> tuple[Response, int]:
    """Add to a provider's state what its own API cannot create (ECNS clusters, for example).

    Only providers that declare a ``preload`` function accept it; the body's shape is theirs.
    """
    emu = emulator()
    found = emu.providers.get(provider)
    if found is None or found.preload is None:
        able = (
            ", ".join(sorted(name for name, p in emu.providers.items() if p.preload is not None))
            or "none"
        )
        raise ApiError(
            404, f"provider {provider!r} cannot be preloaded (providers that can: {able})"
        )
    body = _json_body()
    with emu.store.transaction(provider) as state:
        answer = found.preload(state, body)
    emu.store.save()
    return jsonify(answer), 201
