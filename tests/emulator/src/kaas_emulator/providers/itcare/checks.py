"""Field checks shared by the ITCare bodies (cluster, load balancer, PATCH options).

A :class:`Checker` walks one JSON object and collects ``(field, message)`` problems
instead of stopping at the first, so a 400 lists everything wrong at once; each
getter returns the value when it is valid, else ``None``.
"""

from __future__ import annotations

import re
from typing import Any

from kaas_emulator.core.validation import is_int, unknown_fields
from kaas_emulator.providers.itcare import catalog
from kaas_emulator.providers.itcare.web import Problem

REASON_MAX = 255
POLICY_MAX = 64


class Checker:
    """Validates the fields of ``body``; ``prefix`` qualifies nested field names."""

    def __init__(
        self, body: dict[str, Any], prefix: str = "", problems: list[Problem] | None = None
    ) -> None:
        self.body = body
        self.prefix = prefix
        self.problems: list[Problem] = [] if problems is None else problems

    def child(self, field: str, allowed: frozenset[str], value: Any = None) -> Checker | None:
        """A checker for the nested object ``field`` (or ``value``, e.g. a list item
        named ``nodes[0]``) sharing this one's problem list; None, with a problem
        recorded, when it is not an object."""
        nested_body = self.body.get(field) if value is None else value
        if not isinstance(nested_body, dict):
            self.fail(field, "must be an object")
            return None
        nested = Checker(nested_body, f"{self.prefix}{field}.", self.problems)
        nested.only(allowed)
        return nested

    def fail(self, field: str, message: str) -> None:
        """Record a problem; the message starts with the qualified field name."""
        name = self.prefix + field
        self.problems.append((name, f"{name}: {message}"))

    def flagged(self, field: str) -> bool:
        """True when a problem was already recorded for ``field``."""
        return any(name == self.prefix + field for name, _ in self.problems)

    def only(self, allowed: frozenset[str]) -> None:
        """Refuse keys outside ``allowed`` (a typo must not be silently ignored)."""
        for key in unknown_fields(self.body, allowed):
            self.fail(key, "unknown field")

    def present(self, field: str, required: bool) -> bool:
        """True when ``field`` is set (not null); records a problem if it is required."""
        if self.body.get(field) is not None:
            return True
        if required:
            self.fail(field, "is required")
        return False

    def string(
        self,
        field: str,
        required: bool = False,
        choices: tuple[str, ...] | None = None,
        pattern: re.Pattern[str] | None = None,
        max_length: int | None = None,
    ) -> str | None:
        """A non-empty string, optionally from ``choices`` / matching ``pattern``."""
        if not self.present(field, required):
            return None
        value = self.body[field]
        if not isinstance(value, str) or not value.strip():
            self.fail(field, "must be a non-empty string")
        elif choices is not None and value not in choices:
            self.fail(field, f"must be one of {', '.join(choices)}, got {value!r}")
        elif pattern is not None and not pattern.fullmatch(value):
            self.fail(field, f"must match {pattern.pattern}, got {value!r}")
        elif max_length is not None and len(value) > max_length:
            self.fail(field, f"must be at most {max_length} characters")
        else:
            return value
        return None

    def integer(
        self, field: str, required: bool = False, low: int | None = None, high: int | None = None
    ) -> int | None:
        """A JSON integer (booleans are not), optionally within ``[low, high]``."""
        if not self.present(field, required):
            return None
        value = self.body[field]
        if not is_int(value):
            self.fail(field, "must be an integer")
        elif (low is not None and value < low) or (high is not None and value > high):
            self.fail(field, f"must be between {low} and {high}, got {value}")
        else:
            return int(value)
        return None

    def boolean(self, field: str, required: bool = False) -> bool | None:
        """A JSON boolean."""
        if not self.present(field, required):
            return None
        value = self.body[field]
        if not isinstance(value, bool):
            self.fail(field, "must be true or false")
            return None
        return value

    def known(self, field: str, table: dict[int, Any], required: bool = False) -> Any:
        """An integer id that must be a key of ``table`` (networks, services, clouds)."""
        ident = self.integer(field, required)
        if ident is None:
            return None
        if ident not in table:
            self.fail(field, f"unknown id {ident}")
            return None
        return table[ident]


def placement(check: Checker) -> tuple[catalog.Region | None, catalog.Area | None]:
    """Resolve ``region``, ``area`` and ``regulation`` (the area decides the regulation).

    Without ``area`` the region's area of the requested regulation (``STANDARD`` by
    default) is used; an explicit area must belong to the region and match an
    explicit regulation.
    """
    region_code = check.string("region", True, tuple(catalog.REGIONS))
    regulation = check.string("regulation", choices=catalog.REGULATIONS)
    area_code = check.string("area")
    if region_code is None:
        return None, None
    region = catalog.REGIONS[region_code]
    if area_code is None:
        return region, catalog.default_area(region_code, regulation or "STANDARD")
    if area_code not in region.areas:
        check.fail("area", f"must be an area of region {region_code}: {', '.join(region.areas)}")
        return region, None
    area = catalog.AREAS[area_code]
    if regulation is not None and regulation != area.regulation:
        check.fail("regulation", f"area {area_code} is {area.regulation}, not {regulation}")
    return region, area


def service_settings(check: Checker, service: catalog.Service | None) -> dict[str, Any]:
    """Backup, replication and support level, defaulted from the service's environment.

    In a production service, switching backup or replication off or choosing the
    BRONZE level (no monitoring) must be justified by the matching ``no…ProdReason``.
    """
    production = service is not None and service.environment == catalog.PRODUCTION
    backup_given = check.boolean("backupEnabled")
    backup = production if backup_given is None else backup_given
    replication = check.boolean("replicationEnabled")
    replication = production if replication is None else replication
    level = check.string("supportLevel", choices=catalog.SUPPORT_LEVELS)
    level = level or ("GOLD" if production else "BRONZE")
    policy = check.string("serverBackupPolicyId", max_length=POLICY_MAX)
    db_policy = check.string("dbBackupPolicyId", max_length=POLICY_MAX)
    if backup_given is True and policy is None and not check.flagged("serverBackupPolicyId"):
        check.fail("serverBackupPolicyId", "is required when backupEnabled is true")
    if not backup:
        for field, value in (("serverBackupPolicyId", policy), ("dbBackupPolicyId", db_policy)):
            if value is not None:
                check.fail(field, "is only allowed when backup is enabled")
    reasons = {
        field: check.string(field, max_length=REASON_MAX)
        for field in ("noBackupProdReason", "noReplicationProdReason", "noMonitoringProdReason")
    }
    if production:
        for off, field in (
            (not backup, "noBackupProdReason"),
            (not replication, "noReplicationProdReason"),
            (level == "BRONZE", "noMonitoringProdReason"),
        ):
            if off and reasons[field] is None and not check.flagged(field):
                check.fail(field, "is required in a production service")
    return {
        "backupEnabled": backup,
        "replicationEnabled": replication,
        "supportLevel": level,
        "serverBackupPolicyId": policy or ("DEFAULT" if backup else None),
        "dbBackupPolicyId": db_policy,
        **reasons,
    }
