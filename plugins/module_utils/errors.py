# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Exceptions shared by every layer, so a module can turn any failure into one clear message.

Each carries enough context (what was asked, what the provider answered) to be shown
to a user as is; none carries a traceback or a secret.
"""

from __future__ import annotations


class KaasError(Exception):
    """Base of every error the collection raises on purpose."""

    def __init__(self, message: str, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class ValidationError(KaasError):
    """Bad input, found before any request is sent."""


class PlanError(KaasError):
    """The requested change cannot be carried out (for example an immutable field changed)."""


class ParentNotFound(PlanError):
    """The resource a child lives in (a cluster, a namespace, a node group) does not exist.

    A child cannot be created there, but removing or switching it off is already done:
    the reconciler turns this into "no change" for those, so a teardown can run again.
    """


class AmbiguousError(KaasError):
    """A name matched more than one resource; the collection never picks one at random."""


class TransportError(KaasError):
    """The request did not get an HTTP answer (connection refused, reset, timed out).

    ``sent`` tells whether the request may have reached the provider: after a
    refused connection it did not, after a read timeout or a reset it may have.
    """

    def __init__(self, message: str, *, method: str, path: str, sent: bool) -> None:
        super().__init__(message, method=method, path=path)
        self.method = method
        self.path = path
        self.sent = sent


class ApiError(KaasError):
    """The provider answered with an error status."""

    def __init__(
        self,
        *,
        status: int,
        provider_message: str,
        method: str,
        path: str,
        provider: str,
        request_id: str | None = None,
        code: str | None = None,
    ) -> None:
        where = f"{method} {path}"
        rid = f", request id {request_id}" if request_id else ""
        message = f"{provider} answered {status} to {where}: {provider_message}{rid}"
        super().__init__(message, status=status, method=method, path=path, request_id=request_id)
        self.status = status
        self.provider_message = provider_message
        self.method = method
        self.path = path
        self.provider = provider
        self.request_id = request_id
        self.code = code

    @property
    def not_found(self) -> bool:
        return self.status == 404


class WaitError(KaasError):
    """An asynchronous operation failed at the provider or did not finish in time."""


def may_have_been_applied(error: Exception) -> bool:
    """Whether a failed write might still have taken effect at the provider.

    Used before repeating a create: 429 and 503 say the request was not processed,
    a refused connection never reached the server; anything else is ambiguous.
    """
    if isinstance(error, TransportError):
        return error.sent
    if isinstance(error, ApiError):
        return error.status not in (429, 503) and error.status >= 500
    return False


def is_transient(error: Exception) -> bool:
    """Whether trying again later may succeed."""
    if isinstance(error, TransportError):
        return True
    if isinstance(error, ApiError):
        return error.status in (429, 500, 502, 503, 504)
    return False
