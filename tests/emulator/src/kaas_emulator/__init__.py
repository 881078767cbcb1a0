"""Offline emulator of the managed-Kubernetes APIs driven by the kaas.cloud collection.

It exists so that every module, role and playbook of the collection can be run and
tested on a laptop or in CI without a cloud account: one process, one port, one URL
prefix per provider, plus a control API (``/_emulator``) for faults, time and logs.
"""

from kaas_emulator.app import create_app
from kaas_emulator.server import EmulatorServer

__all__ = ["EmulatorServer", "create_app"]
__version__ = "0.1.0"
