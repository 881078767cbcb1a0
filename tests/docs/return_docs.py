"""Compare what modules return with what their RETURN documentation says.

Checked: the top-level keys of every result, and the first level of every returned
dict (and of the dicts of a returned list). A key returned but not documented is an
error; a key documented ``returned: always`` must be in every result; every key a
module documents itself must be returned by at least one of its examples.

A dict return value may, instead of ``contains``, name the module that documents
the same view: ``see the C(cluster) return value of M(kaas.cloud.k8s_cluster)`` (or
just ``M(kaas.cloud.k8s_cluster)`` when the key has the same name there). It may do
both: its own ``contains`` then documents what it adds to that view (and must be
returned by an example), the named module the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

# What Ansible adds to, or lets every module put in, a result without documentation.
STANDARD_KEYS = {
    "changed", "failed", "msg", "invocation", "diff", "warnings", "deprecations", "exception",
    "skipped", "skip_reason", "attempts", "ansible_facts", "censored",
}  # fmt: skip
# What AnsibleModule.exit_json adds about the file when a result has ``path`` or ``dest``.
FILE_KEYS = {"uid", "gid", "owner", "group", "mode", "state", "size", "secontext", "path"}
REFERENCE = re.compile(r"(?:C\((?P<key>\w+)\) return value of )?M\((?P<module>kaas\.cloud\.\w+)\)")

ReturnDocs = Callable[[str], dict[str, Any]]


def returned_always(doc: dict[str, Any]) -> bool:
    return doc.get("returned", "always") in ("always", "success")


def contained_docs(key: str, doc: dict[str, Any], return_docs: ReturnDocs) -> tuple[dict[str, Any] | None, set[str]]:
    """The documented first level of a dict return value, and the keys of it the module documents itself.

    A value that names the module documenting its view may still document keys of its own in
    ``contains`` (what it adds to the view, or documents in more detail): both count, its own win.
    """
    own = doc.get("contains") or {}
    description = doc.get("description") or ""
    description = description if isinstance(description, str) else " ".join(description)
    match = REFERENCE.search(description)
    referenced = {}
    if match:
        referenced = (return_docs(match["module"]).get(match["key"] or key) or {}).get("contains") or {}
    if not own and not referenced:
        return None, set()
    return {**referenced, **own}, set(own)


def must_be_documented(result: dict[str, Any]) -> set[str]:
    """The keys of a result a module has to document (not those Ansible adds itself)."""
    implicit = STANDARD_KEYS | (FILE_KEYS if "dest" in result or "path" in result else set())
    return {k for k in result if not k.startswith("_ansible") and k not in implicit}


def dicts_in(value: Any) -> list[dict[str, Any]]:
    """The non-empty dicts a return value holds at its first level."""
    if isinstance(value, dict):
        return [value] if value else []
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict) and v]
    return []


def compare_level(where: str, docs: dict[str, Any], values: list[dict[str, Any]], own: set[str]) -> list[str]:
    """Problems of one level: keys returned undocumented, or documented here (``own``) and not returned."""
    problems = []
    seen: set[str] = set()
    for value in values:
        keys = set(value)
        seen |= keys
        must_document = keys if where else must_be_documented(value)
        for key in sorted(must_document - set(docs)):
            problems.append(f"{where}{key}: returned but not documented")
        for key in sorted(k for k, d in docs.items() if returned_always(d) and k not in keys):
            problems.append(f"{where}{key}: documented as always returned, missing from a result")
    if values:
        for key in sorted(own - seen):
            problems.append(f"{where}{key}: documented, but no example returns it (add an example that does)")
    return problems


def compare_returns(module: str, results: list[dict[str, Any]], return_docs: ReturnDocs) -> list[str]:
    """Every mismatch between ``module``'s RETURN and the results its examples produced."""
    docs = return_docs(module)
    problems = compare_level("", docs, results, own=set(docs))
    for key, doc in docs.items():
        values = [v for r in results for v in dicts_in(r.get(key))]
        if doc.get("type") not in ("dict", "list") or not values:
            continue
        contains, own = contained_docs(key, doc, return_docs)
        if contains is None:
            problems.append(f"{key}: returns dicts but documents neither contains nor the module that does")
            continue
        level_problems = compare_level(f"{key}.", contains, values, own)
        problems += level_problems
    return sorted(set(problems))
