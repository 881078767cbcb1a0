"""Application factory: one Flask app serving every provider plus the control API."""

from __future__ import annotations

from collections.abc import Iterable
from os import PathLike

from flask import Flask

from kaas_emulator.core import control, pipeline
from kaas_emulator.core.clock import Clock
from kaas_emulator.core.mutate import Mutation
from kaas_emulator.core.registry import Provider, discover
from kaas_emulator.core.runtime import EXTENSION_KEY, Emulator


def create_app(
    time_scale: float = 1.0,
    state_file: str | PathLike[str] | None = None,
    clock: Clock | None = None,
    providers: Iterable[Provider] | None = None,
    mutation: Mutation | None = None,
) -> Flask:
    """Build the emulator app.

    ``clock`` defaults to the system clock; tests pass a
    :class:`~kaas_emulator.core.clock.ManualClock` to move time without sleeping.
    ``providers`` defaults to every provider module found under
    ``kaas_emulator.providers``; tests of the core may pass their own. ``mutation``
    starts the emulator in the ``tolerant-reader`` response mode (see
    :mod:`kaas_emulator.core.mutate`); the control API can change it later.
    """
    app = Flask("kaas_emulator")
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep the API documents' field order
    emu = Emulator(
        providers if providers is not None else discover(),
        clock=clock,
        time_scale=time_scale,
        state_file=state_file,
        mutation=mutation,
    )
    app.extensions[EXTENSION_KEY] = emu
    pipeline.install(app)
    app.register_blueprint(control.blueprint)
    for provider in emu.providers.values():
        app.register_blueprint(
            provider.blueprint, url_prefix=provider.prefix, name=f"provider_{provider.name}"
        )
    return app


def get_emulator(app: Flask) -> Emulator:
    """The :class:`Emulator` behind ``app`` (state, faults, log, clock), for tests."""
    found: Emulator = app.extensions[EXTENSION_KEY]
    return found
