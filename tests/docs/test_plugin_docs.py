"""Every plugin and role renders in ``ansible-doc`` with complete documentation.

Subjects are discovered from the tree: plugins/modules, plugins/inventory (and the
other plugin directories) and roles/, so new ones are checked without editing this.
The whole collection is also linted the way its docs site is built (antsibull-docs).
"""

from __future__ import annotations

import pytest
import yaml
from collection_docs import (
    REPO,
    ansible_doc,
    ansible_doc_text,
    discover_plugins,
    discover_roles,
    incomplete_options,
    incomplete_returns,
)

from support.playbooks import ansible_env, run_ansible

PLUGINS = discover_plugins()
ROLES = discover_roles()
EXAMPLES_REQUIRED = ("module", "inventory", "lookup")


@pytest.mark.parametrize(("plugin_type", "name"), PLUGINS, ids=[f"{t}:{n}" for t, n in PLUGINS])
def test_plugin_renders_with_complete_documentation(plugin_type, name):
    rendered = ansible_doc(plugin_type, name)
    doc = rendered["doc"]
    assert doc.get("short_description"), f"{name}: no short_description"
    assert doc.get("description"), f"{name}: no description"
    assert doc.get("author"), f"{name}: no author"
    assert incomplete_options(doc.get("options")) == []
    if plugin_type in EXAMPLES_REQUIRED:
        assert (rendered.get("examples") or "").strip(), f"{name}: no EXAMPLES"
    if plugin_type == "module":
        returns = rendered.get("return") or {}
        assert returns, f"{name}: no RETURN"
        assert incomplete_returns(returns) == []
        assert [k for k, v in returns.items() if not v.get("returned")] == [], f"{name}: RETURN without returned"
        attributes = doc.get("attributes") or {}
        assert {"check_mode", "diff_mode"} <= set(attributes), f"{name}: check_mode and diff_mode attributes"


@pytest.mark.parametrize(("plugin_type", "name"), PLUGINS, ids=[f"{t}:{n}" for t, n in PLUGINS])
def test_plugin_renders_as_text_without_warnings(plugin_type, name):
    """What a user reads with ``ansible-doc``: the text renderer must not stumble on the markup."""
    stdout, stderr, returncode = ansible_doc_text(plugin_type, name)
    assert returncode == 0 and stderr.strip() == "", stderr
    assert name in stdout
    if plugin_type in EXAMPLES_REQUIRED:
        assert "EXAMPLES" in stdout


@pytest.mark.skipif(not ROLES, reason="the collection has no role yet")
@pytest.mark.parametrize("role", ROLES)
def test_role_renders_with_complete_argument_specs(role):
    rendered = ansible_doc("role", role)
    entry_points = rendered.get("entry_points") or {}
    assert "main" in entry_points, f"{role}: meta/argument_specs.yml has no main entry point"
    for entry_point, spec in entry_points.items():
        assert spec.get("short_description"), f"{role} {entry_point}: no short_description"
        assert incomplete_options(spec.get("options")) == [], f"{role} {entry_point}"


def test_completeness_checks_reach_nested_suboptions():
    options = {
        "auth": {"description": "x", "type": "dict", "suboptions": {"token": {"description": "y"}}},
        "items": {"description": "z", "type": "list", "suboptions": {"a": {"description": "a", "type": "str"}}},
    }
    assert incomplete_options(options) == ["auth.token: no type", "items: a list with suboptions needs elements: dict"]
    assert incomplete_returns({"cluster": {"type": "dict", "contains": {"id": {"type": "str"}}}}) == [
        "cluster: no description",
        "cluster.id: no description",
    ]


def test_every_module_is_in_the_action_group():
    """``group/kaas.cloud.all`` must name every module, or module_defaults silently miss it."""
    group = yaml.safe_load((REPO / "meta" / "runtime.yml").read_text())["action_groups"]["all"]
    modules = [name.rsplit(".", 1)[1] for plugin_type, name in PLUGINS if plugin_type == "module"]
    assert sorted(set(modules) - set(group)) == []


@pytest.mark.slow
def test_antsibull_docs_lint_passes():
    """What the docs site build would reject: bad markup, broken references, extra docs, changelog."""
    lint = ("lint-collection-docs", "--plugin-docs", "--validate-collection-refs=all", ".")
    proc = run_ansible("antsibull-docs", *lint, env=ansible_env(), cwd=REPO, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
