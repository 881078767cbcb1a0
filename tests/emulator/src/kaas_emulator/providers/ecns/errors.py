"""ECNS error bodies: ``{"error": {"message", "code", "title"}}`` .

ECNS API reference, 1.11 调用方式 (calling conventions), 错误返回结果 (error responses).

The identity service and the container API answer in the same shape, so one
formatter serves every error the core hands over (view errors, 401s, faults).
"""

from __future__ import annotations

from flask import Response, jsonify

from kaas_emulator.core.errors import ApiError, default_message

UNAUTHORIZED = "The request you have made requires authentication."


def format_error(status: int, code: str, message: str) -> Response:
    """The provider's error formatter; ``code`` is the HTTP status, as in the API reference."""
    del code  # ECNS puts the HTTP status in ``code``, never a word
    response = jsonify(
        {"error": {"message": message, "code": status, "title": default_message(status)}}
    )
    response.status_code = status
    return response


def bad_request(problems: list[str] | str) -> ApiError:
    """400 listing every problem, ``; ``-joined, each naming its field."""
    return ApiError(400, problems if isinstance(problems, str) else "; ".join(problems))


def workload_not_found(kind: str, name: str, namespace: str) -> ApiError:
    """404 for a workload missing from the session's namespace."""
    return ApiError(404, f'{kind} "{name}" not found in namespace "{namespace}"')
