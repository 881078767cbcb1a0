"""Emulated provider APIs, one module (or package) each.

A provider module exposes ``PROVIDER = Provider(...)``; the core discovers it, so adding
a provider never requires editing the core.
"""
