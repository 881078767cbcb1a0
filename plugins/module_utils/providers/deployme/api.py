# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""deployme.cloud API access: its endpoint, static bearer token and error format."""

from __future__ import annotations

from typing import Any, ClassVar

from ansible_collections.kaas.cloud.plugins.module_utils.auth import Authenticator, StaticToken, require
from ansible_collections.kaas.cloud.plugins.module_utils.providers.connection import ProviderApi
from ansible_collections.kaas.cloud.plugins.module_utils.transport import default_error_parser


def error_parser(response: Any) -> tuple[str, str | None, str | None]:
    """deployme answers ``{"error": "<code>", "message": "<text>"}``."""
    request_id = response.headers.get("X-Request-Id")
    try:
        body = response.json()
    except ValueError:
        return default_error_parser(response)
    if isinstance(body, dict):
        code = body.get("error") if isinstance(body.get("error"), str) else None
        message = body.get("message") or code or str(body)
        return (str(message), request_id, code)
    return (str(body)[:500], request_id, None)


class DeploymeApi(ProviderApi):
    name = "deployme"
    default_url = "https://api.deployme.cloud"
    error_parser = staticmethod(error_parser)
    default_headers: ClassVar[dict[str, str]] = {"Accept": "application/json"}

    def authenticator(self, auth: dict[str, Any]) -> Authenticator:
        require(auth, self.name, "token")
        return StaticToken(auth["token"])
