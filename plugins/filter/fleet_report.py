# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``kaas.cloud.fleet_report`` filter: the fleet report's text in one format (docs in fleet_report.yml)."""

from __future__ import annotations

from typing import Any

from ansible.errors import AnsibleFilterError

from ansible_collections.kaas.cloud.plugins.plugin_utils.fleet_report import ReportError, build_report, render_data
from ansible_collections.kaas.cloud.plugins.plugin_utils.fleet_report_html import to_html


def fleet_report(
    clusters: list[dict[str, Any]],
    nodes: list[dict[str, Any]] | None = None,
    supported: dict[str, Any] | None = None,
    plan: Any = None,
    output_format: str = "html",
    generated_at: str | None = None,
) -> str:
    try:
        report = build_report(list(clusters or []), list(nodes or []), dict(supported or {}), plan, generated_at)
        return to_html(report) if output_format == "html" else render_data(report, output_format)
    except ReportError as error:
        raise AnsibleFilterError(f"kaas.cloud.fleet_report: {error}") from None


class FilterModule:
    def filters(self) -> dict[str, Any]:
        return {"fleet_report": fleet_report}
