"""Keystone's version discovery documents, shared by the providers that front Keystone.

keystoneauth's generic ``password`` plugin (the default of the ``openstack`` CLI and of
openstacksdk) first GETs the ``auth_url`` it was given and picks the identity API from
the answer; only the versioned ``v2password``/``v3password`` plugins go straight to
``.../tokens``. Keystone answers, without authentication:

* at its unversioned root, ``300 Multiple Choices`` with ``{"versions": {"values": [...]}}``
  listing every API version it serves;
* at a versioned root (``/v3``, ``/v2.0``), ``200`` with ``{"version": {...}}``.

A provider registers the paths with :func:`register` and lists them as public.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, jsonify, request


@dataclass(frozen=True)
class IdentityVersion:
    """One identity API version a provider's Keystone serves."""

    #: ``v3`` or ``v2.0``: the path segment and Keystone's version id.
    segment: str
    #: Keystone's own ``id`` for it (``v3.14``, ``v2.0``).
    version_id: str
    #: Date of its last change, as Keystone publishes it.
    updated: str
    status: str = "stable"

    def document(self, identity_root: str) -> dict[str, object]:
        """The version's entry; links point below ``identity_root`` (absolute URL)."""
        media = "application/vnd.openstack.identity-" + self.segment + "+json"
        return {
            "id": self.version_id,
            "status": self.status,
            "updated": self.updated,
            "links": [
                {"rel": "self", "href": f"{identity_root}/{self.segment}/"},
                {"rel": "describedby", "type": "text/html", "href": "https://docs.openstack.org/"},
            ],
            "media-types": [{"base": "application/json", "type": media}],
        }


V3 = IdentityVersion("v3", "v3.14", "2020-04-07T00:00:00Z")
V2 = IdentityVersion("v2.0", "v2.0", "2014-04-17T00:00:00Z")


def register(blueprint: Blueprint, root: str, versions: tuple[IdentityVersion, ...]) -> None:
    """Serve the discovery documents of ``versions`` at ``root`` (e.g. ``/identity``).

    Each path answers with or without a trailing slash, as Keystone does.
    """

    def identity_root() -> str:
        # The provider prefix is part of the request path: derive the root from it.
        path = request.path.rstrip("/")
        for version in versions:
            suffix = "/" + version.segment
            if path.endswith(suffix):
                path = path[: -len(suffix)]
                break
        return request.host_url.rstrip("/") + path

    def multiple_choices() -> tuple[Response, int]:
        base = identity_root()
        values = [version.document(base) for version in versions]
        return jsonify({"versions": {"values": values}}), 300

    # Endpoint names may not hold dots (``v2.0``) and are unique per blueprint.
    name = "keystone_" + root.strip("/").replace("/", "_")
    blueprint.add_url_rule(root, name, multiple_choices, methods=["GET"], strict_slashes=False)
    for version in versions:

        def one(version: IdentityVersion = version) -> Response:
            return jsonify({"version": version.document(identity_root())})

        blueprint.add_url_rule(
            f"{root}/{version.segment}",
            f"{name}_{version.segment.replace('.', '_')}",
            one,
            methods=["GET"],
            strict_slashes=False,
        )
