"""EasyStack ECNS provider (container service v6.1.1, Keystone v3 identity), served at ``/ecns``.

Registered automatically through ``PROVIDER``. Layout: :mod:`.identity` (tokens),
:mod:`.web` (blueprint, product type, session scope), ``views_*`` (endpoints),
:mod:`.checks` (the API reference's enums and rules), :mod:`.model` (records, revisions,
rollouts), :mod:`.render` (JSON views), :mod:`.catalog` (fixed clusters and lists),
:mod:`.preloaded` (clusters added by tests through the control API).
Choices are documented in ``docs/providers/ecns.md``.
"""

from __future__ import annotations

from kaas_emulator.core.registry import Provider
from kaas_emulator.providers.ecns import (
    views_apps,
    views_cluster,
    views_configmap,
    views_images,
    views_jobs,
    views_namespace,
    views_net_ingress,
    views_net_lb,
    views_net_overview,
    views_net_pods,
    views_net_raw,
    views_net_services,
    views_secret,
    views_storage,
    views_workload,
    views_workloads,
)
from kaas_emulator.providers.ecns.errors import UNAUTHORIZED, format_error
from kaas_emulator.providers.ecns.identity import authenticate
from kaas_emulator.providers.ecns.model import new_state
from kaas_emulator.providers.ecns.preloaded import preload
from kaas_emulator.providers.ecns.web import blueprint

# The view modules register their routes on ``blueprint`` when imported.
_VIEWS = (
    views_cluster,
    views_configmap,
    views_workload,
    views_workloads,
    views_namespace,
    views_secret,
    views_jobs,
    views_storage,
    views_apps,
    views_images,
    views_net_services,
    views_net_ingress,
    views_net_lb,
    views_net_pods,
    views_net_raw,
    views_net_overview,
)

PROVIDER = Provider(
    name="ecns",
    blueprint=blueprint,
    format_error=format_error,
    authenticate=authenticate,
    public_paths=(r"^/identity(/|$)",),
    initial_state=new_state,
    unauthorized_message=UNAUTHORIZED,
    request_id_header="X-Request-Id",
    preload=preload,
)
