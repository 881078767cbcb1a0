"""Fixtures for every unit test: the session's emulator and its control client.

They are defined next to the module tests that introduced them; importing them here
makes them visible under the whole of tests/unit without a second definition.
"""

from __future__ import annotations

from unit.plugins.modules.conftest import cloud, emulator

__all__ = ["cloud", "emulator"]
