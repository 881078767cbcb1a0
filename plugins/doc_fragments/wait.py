# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Waiting options shared by modules that start asynchronous operations."""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  wait:
    description:
      - Wait for the provider to finish the operation (create, update, delete) before returning.
      - With V(false) the task returns as soon as the provider accepted the request; the returned
        resource then shows the provider's in-progress status.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait at most when O(wait=true). When it runs out the task fails,
        the provider carries on, and running the task again resumes waiting.
    type: int
    default: 1800
  poll_interval:
    description:
      - Longest pause in seconds between two status reads while waiting, so that a wait returns at most
        this long after the operation ends. Where every operation of the resource takes longer (NKS,
        ITCare and deployme clusters, node groups and load balancers), the first read comes after this
        pause; elsewhere polling starts at half a second and backs off by half again each time up to
        this value.
    type: float
    default: 10
"""
