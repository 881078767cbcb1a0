"""Cegedim ITCare provider: ``/compute/containers/kubernetes`` (the ITCare API reference,
*Containers*), OAuth2 client-credentials tokens, asynchronous *actions*, served under ``/itcare``.

Registered automatically through ``PROVIDER``. Modules: :mod:`.catalog` (the fixed
world of regions, networks, services, versions), :mod:`.validation`,
:mod:`.patch_ops` and :mod:`.checks` (request rules), :mod:`.model` and
:mod:`.actions` (state and lifecycle), :mod:`.render` (JSON views), :mod:`.clusters`,
:mod:`.resources` and :mod:`.auth` (HTTP views), :mod:`.web` (ITCare conventions).
"""

from __future__ import annotations

from kaas_emulator.core.registry import Provider
from kaas_emulator.providers.itcare import clusters, model, resources  # noqa: F401  (routes)
from kaas_emulator.providers.itcare.auth import TOKEN_PATH, authenticate, format_error
from kaas_emulator.providers.itcare.web import blueprint

PROVIDER = Provider(
    name="itcare",
    blueprint=blueprint,
    format_error=format_error,
    authenticate=authenticate,
    public_paths=("^" + TOKEN_PATH.replace(".", r"\.") + "$",),
    initial_state=model.new_state,
    unauthorized_message="missing, invalid or expired access token",
)
