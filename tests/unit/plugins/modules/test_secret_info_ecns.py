"""secret_info against the emulator (set-up helpers from test_secret_ecns.py)."""

from __future__ import annotations

import json

from ansible_collections.kaas.cloud.plugins.modules import secret_info
from support.harness import run_module

from .test_secret_ecns import DB, SECRETS, TLS_KEY, VALUES, api_reads, converge


def test_info_lists_names_types_and_keys_only(cloud, ecns_object_args):
    converge({**ecns_object_args, **DB})
    tls = {"name": "site-tls", "type": "Tls", "tls": {"cert": "cert-pem-text", "key": TLS_KEY, "ca": "ca-pem-text"}}
    converge({**ecns_object_args, **tls})
    cloud.clear_log()
    listed = run_module(secret_info.main, ecns_object_args)
    assert [(s["name"], s["type"], s["keys"]) for s in listed["secrets"]] == [
        ("db", "Opaque", ["DB_PASSWORD", "DB_USER"]),
        ("site-tls", "Tls", ["ca.crt", "tls.crt", "tls.key"]),
    ]
    assert "data" not in listed["secrets"][0]
    # The list is one read (plus the namespace switch): no value is fetched.
    assert [r["path"] for r in api_reads(cloud)][-1] == SECRETS
    only_tls = run_module(secret_info.main, {**ecns_object_args, "type": "Tls"})
    assert [s["name"] for s in only_tls["secrets"]] == ["site-tls"]
    one = run_module(secret_info.main, {**ecns_object_args, "name": "db"})
    assert one["secrets"][0]["data"] == {"DB_PASSWORD": "<hidden>", "DB_USER": "<hidden>"}
    for result in (listed, only_tls, one):
        assert not any(value in json.dumps(result) for value in VALUES)
    assert cloud.api_writes("ecns") == []
