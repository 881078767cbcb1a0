"""Magnum's version documents: the API root (``/``) and the v1 root (``/v1``).

Magnum serves both without a token (keystonemiddleware's public routes). openstacksdk
and keystoneauth read them to find the v1 endpoint and its microversion range when the
service catalog names the unversioned root; ``/v1`` negotiates the microversion like
every v1 path.
"""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify

from kaas_emulator.providers.nks import catalog, render
from kaas_emulator.providers.nks.web import blueprint

MEDIA_TYPE = "application/vnd.openstack.magnum.v1+json"
#: The v1 resources the v1 root links to: those NHN serves (``docs/providers/nks-api.md``).
V1_RESOURCES = ("clusters", "certificates")


def _short(version: tuple[int, int]) -> str:
    return f"{version[0]}.{version[1]}"


def _v1_entry() -> dict[str, Any]:
    return {
        "id": "v1",
        "links": [{"href": f"{render.base_url()}/v1/", "rel": "self"}],
        "status": "CURRENT",
        "max_version": _short(catalog.API_MAX_VERSION),
        "min_version": _short(catalog.API_MIN_VERSION),
    }


@blueprint.get("/")
def api_root() -> Response:
    """Magnum's root: the one API version, v1, with its microversion range."""
    entry = _v1_entry()
    return jsonify(
        {
            "name": "OpenStack Magnum API",
            "description": "Magnum is an OpenStack project which aims to provide container "
            "cluster management.",
            "versions": [entry],
            "default_version": entry,
        }
    )


@blueprint.get("/v1")
def v1_root() -> Response:
    """Magnum's v1 root: media type and links to its resources."""
    root = render.base_url()
    body: dict[str, Any] = {
        "id": "v1",
        "media_types": [{"base": "application/json", "type": MEDIA_TYPE}],
        "links": [
            {"href": f"{root}/v1/", "rel": "self"},
            {
                "href": "http://docs.openstack.org/developer/magnum/dev/api-spec-v1.html",
                "type": "text/html",
                "rel": "describedby",
            },
        ],
    }
    for name in V1_RESOURCES:
        body[name] = [
            {"href": f"{root}/v1/{name}/", "rel": "self"},
            {"href": f"{root}/{name}/", "rel": "bookmark"},
        ]
    return jsonify(body)
