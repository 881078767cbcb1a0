"""The kubeconfig NKS serves: client-certificate auth, context ``default``, user ``admin``.

Certificates are random fake PEM blocks, generated once per cluster so the file is
stable for the cluster's life (the collection compares kubeconfigs for idempotence).
"""

from __future__ import annotations

import base64
import json
import secrets
from typing import Any


def _fake_pem(kind: str) -> str:
    body = base64.encodebytes(secrets.token_bytes(192)).decode("ascii")
    pem = f"-----BEGIN {kind}-----\n{body}-----END {kind}-----\n"
    return base64.b64encode(pem.encode("ascii")).decode("ascii")


def new_credentials() -> dict[str, str]:
    """CA, client certificate and client key data (base64 of fake PEM) for a cluster."""
    return {
        "ca": _fake_pem("CERTIFICATE"),
        "cert": _fake_pem("CERTIFICATE"),
        "key": _fake_pem("RSA PRIVATE KEY"),
    }


def render(cluster: dict[str, Any], server: str) -> str:
    """The YAML document, laid out like the API guide's example."""
    creds = cluster["_credentials"]
    name = json.dumps(cluster["name"])  # a JSON string is a valid YAML double-quoted scalar
    return (
        "apiVersion: v1\n"
        "clusters:\n"
        "- cluster:\n"
        f"    certificate-authority-data: {creds['ca']}\n"
        f"    server: {server}\n"
        f"  name: {name}\n"
        "contexts:\n"
        "- context:\n"
        f"    cluster: {name}\n"
        "    user: admin\n"
        "  name: default\n"
        "current-context: default\n"
        "kind: Config\n"
        "preferences: {}\n"
        "users:\n"
        "- name: admin\n"
        "  user:\n"
        f"    client-certificate-data: {creds['cert']}\n"
        f"    client-key-data: {creds['key']}\n"
    )
