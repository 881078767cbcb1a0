"""Provider-independent machinery: clock, state, operations, faults, auth, rate limits.

A provider module only declares a :class:`~kaas_emulator.core.registry.Provider`; every
cross-cutting behaviour (request log, fault injection, auth gate, rate-limit headers,
error formatting, state persistence) lives here so it is written once.
"""
