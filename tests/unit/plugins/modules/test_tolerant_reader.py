"""An HTML page from a proxy in front of a provider: every provider's error says what happened.

The emulator's tolerant-reader mode answers the chosen statuses with a proxy's HTML page
instead of the provider's JSON error; the task must fail with the status, the words "not
JSON" and an excerpt of the page, never a traceback or an "unexpected error".
"""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.modules import k8s_cluster_info, namespace_info
from support.harness import run_module

#: A listing of each provider: its module, and a path it reads (and the sign-in does not).
LISTINGS = {
    "deployme": (k8s_cluster_info, "clusters"),
    "nks": (k8s_cluster_info, "clusters"),
    "itcare": (k8s_cluster_info, "kubernetes"),
    "ecns": (namespace_info, "namespace"),
}


CASES = [(provider, 403) for provider in sorted(LISTINGS)] + [("deployme", 502)]


# A 502 on a read is retried with back-off (seconds): one provider shows it, the rest take a 403.
@pytest.mark.parametrize(("provider", "status"), CASES)
def test_an_html_page_instead_of_json_says_so(cloud, request, provider, status):
    args = request.getfixturevalue(f"{provider}_args")
    module, path = LISTINGS[provider]
    args = {k: v for k, v in args.items() if k not in ("poll_interval", "wait_timeout")}
    settings = {"responses": "tolerant-reader", "html_statuses": [status]}
    cloud.http.post(f"{cloud.url}/_emulator/config", json=settings).raise_for_status()
    try:
        # times=None: a 502 on a read is retried, and every retry meets the proxy again.
        fault = {"provider": provider, "method": "GET", "path": path, "status": status, "times": None}
        cloud.faults(fault)
        result = run_module(module.main, args)
    finally:
        cloud.http.post(f"{cloud.url}/_emulator/config", json={"responses": "as-documented"}).raise_for_status()
        cloud.clear_faults()
    message = result.get("msg", "")
    assert result.get("failed"), result
    assert f"answered {status}" in message and "not JSON" in message and "text/html" in message, message
    assert f"{status} " in message.split("not JSON", 1)[1], message
    assert "<" not in message and "Traceback" not in message and "unexpected error" not in message, message
