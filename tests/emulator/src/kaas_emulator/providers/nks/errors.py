"""NKS error bodies: Magnum's ``{"errors": [...]}`` and Keystone's ``{"error": {...}}``.

One formatter serves both because the core hands every error (view errors, 401s,
injected faults, unknown paths) to the provider's single ``format_error``: answers under
``/identity`` use Keystone's shape, everything else Magnum's.
"""

from __future__ import annotations

import re
import uuid

from flask import Response, g, has_request_context, jsonify, request

from kaas_emulator.core.errors import ApiError, default_message

IDENTITY_PREFIX = "/nks/identity"
IDENTITY_URL_PATH = "/nks/identity/v2.0"
#: Magnum's and Keystone's request ids (oslo.middleware): ``req-`` and a UUID.
REQUEST_ID = re.compile(r"^req-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$")
_SENTENCE_END = re.compile(r"\.(\s|$)")


def request_id() -> str:
    """The current request's id, in OpenStack's ``req-<uuid>`` form.

    The core draws one id per request (in ``g``) and puts it in the provider's
    ``X-OpenStack-Request-Id`` header after the view ran. Clients such as keystoneauth
    and magnumclient show it as is, so NKS turns it into the OpenStack form once, at
    the first point it is needed (the blueprint's first hook, or an error raised before
    the view), and the header and the error body then carry the same value.
    """
    if not has_request_context():
        return ""
    current = str(g.get("kaas_request_id", ""))
    if not REQUEST_ID.match(current):
        current = f"req-{uuid.uuid4()}"
        g.kaas_request_id = current
    return current


def is_identity(path: str) -> bool:
    """True for a path of the identity service (``/nks/identity`` and below)."""
    return path == IDENTITY_PREFIX or path.startswith(IDENTITY_PREFIX + "/")


def _is_identity_request() -> bool:
    return has_request_context() and is_identity(request.path)


def first_sentence(message: str) -> str:
    """Magnum's error ``title``: the message up to its first full stop (which is dropped).

    Magnum's parsable-error middleware cuts the fault string at the first ``.``;
    magnumclient and the ``openstack`` CLI print that title. A full stop only ends a
    sentence when followed by a space or the end, so a field path such as
    ``labels.kube_tag`` or a name with dots stays whole.
    """
    match = _SENTENCE_END.search(message)
    return (message[: match.start()] if match else message).strip() or message


def format_error(status: int, code: str, message: str) -> Response:
    """The provider's error formatter (see the module docstring for which shape)."""
    if _is_identity_request():
        title = default_message(status)
        response = jsonify({"error": {"message": message, "code": status, "title": title}})
    else:
        item = {
            "request_id": request_id(),
            "code": "client" if status < 500 else "server",
            "status": status,
            "title": first_sentence(message),
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


def no_content() -> Response:
    """Magnum's 204: no body and no ``Content-Type``."""
    response = Response(status=204)
    del response.headers["Content-Type"]
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
