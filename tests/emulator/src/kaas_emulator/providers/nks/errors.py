"""NKS error bodies: Magnum's ``{"errors": [...]}`` and Keystone's ``{"error": {...}}``.

One formatter serves both because the core hands every error (view errors, 401s,
injected faults, unknown paths) to the provider's single ``format_error``: answers under
``/identity`` use Keystone's shape, everything else Magnum's.
"""

from __future__ import annotations

from flask import Response, g, has_request_context, jsonify, request

from kaas_emulator.core.errors import ApiError, default_message

IDENTITY_PREFIX = "/nks/identity/"
IDENTITY_URL_PATH = "/nks/identity/v2.0"


def _request_id() -> str:
    # The core stores its per-request id in ``g`` and puts it in the response header
    # registered by the provider; the body repeats it like Magnum does.
    return str(g.get("kaas_request_id", "")) if has_request_context() else ""


def _is_identity_request() -> bool:
    return has_request_context() and request.path.startswith(IDENTITY_PREFIX)


def format_error(status: int, code: str, message: str) -> Response:
    """The provider's error formatter (see the module docstring for which shape)."""
    title = default_message(status)
    if _is_identity_request():
        response = jsonify({"error": {"message": message, "code": status, "title": title}})
    else:
        item = {
            "request_id": _request_id(),
            "code": "client" if status < 500 else "server",
            "status": status,
            "title": title,
            "detail": message,
            "links": [],
        }
        response = jsonify({"errors": [item]})
    response.status_code = status
    if status == 401 and has_request_context():
        # keystonemiddleware points unauthenticated callers at the identity service.
        identity = request.host_url.rstrip("/") + IDENTITY_URL_PATH
        response.headers["WWW-Authenticate"] = f'Keystone uri="{identity}"'
    return response


def bad_request(problems: list[str] | str) -> ApiError:
    """400 listing every problem, ``; ``-joined, each naming its field."""
    text = problems if isinstance(problems, str) else "; ".join(problems)
    return ApiError(400, text, "bad_request")


def cluster_not_found(ident: str) -> ApiError:
    """Magnum's ``ClusterNotFound``."""
    return ApiError(404, f"Cluster {ident} could not be found.", "not_found")


def nodegroup_not_found(ident: str) -> ApiError:
    """Magnum's ``NodeGroupNotFound``."""
    return ApiError(404, f"Nodegroup {ident} could not be found.", "not_found")
