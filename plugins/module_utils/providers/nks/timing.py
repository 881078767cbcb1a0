# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How long NKS operations take, for waiting (``waiting.py``).

The API reference gives no durations, but its task history (``events``: each task's
start and end) shows them: its example cluster creation ran for 11 minutes. The
quickest operations (an API endpoint access list, a user script, an autoscaler
setting) still take about a minute, so no look before one ``poll_interval`` (up to
a minute) can find one done. See docs/providers/nks.md.
"""

from __future__ import annotations

from typing import Any

#: Seconds the quickest NKS operation takes.
SHORTEST_OPERATION = 60.0


def in_progress(resource: dict[str, Any]) -> bool:
    """Whether a cluster or node group says an operation runs on it (``*_IN_PROGRESS``)."""
    return str(resource.get("status") or "").endswith("_IN_PROGRESS")
