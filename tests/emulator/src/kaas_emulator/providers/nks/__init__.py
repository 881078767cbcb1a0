"""NHN Cloud NKS provider (Magnum-style API, Keystone v2 identity), served at ``/nks``.

Registered automatically through ``PROVIDER``. Layout: :mod:`.identity` (tokens),
:mod:`.web` (blueprint, microversions, lookups), ``views_*`` (endpoints),
``validate_*``/:mod:`.worker_labels`/:mod:`.netrules` (the API guide's rules), :mod:`.model` and
:mod:`.changes` (state and operations), :mod:`.render` (JSON views). Choices are
documented in ``docs/providers/nks-api.md``.
"""

from __future__ import annotations

from kaas_emulator.core.registry import Provider
from kaas_emulator.providers.nks import (
    views_actions,
    views_clusters,
    views_nodegroups,
    views_versions,
)
from kaas_emulator.providers.nks.errors import format_error
from kaas_emulator.providers.nks.identity import UNAUTHORIZED, authenticate
from kaas_emulator.providers.nks.model import new_state
from kaas_emulator.providers.nks.web import blueprint

# The view modules register their routes on ``blueprint`` when imported.
_VIEWS = (views_actions, views_clusters, views_nodegroups, views_versions)

PROVIDER = Provider(
    name="nks",
    blueprint=blueprint,
    format_error=format_error,
    authenticate=authenticate,
    # Keystone (token requests, version discovery) and Magnum's version documents.
    public_paths=(r"^/identity(/|$)", r"^/(v1/?)?$"),
    initial_state=new_state,
    unauthorized_message=UNAUTHORIZED,
    request_id_header="X-OpenStack-Request-Id",
)
