"""The layering the collection promises, checked on its source: HTTP in one file, provider paths in provider packages.

- ``transport.py`` is the only file of ``plugins/`` that imports an HTTP library, so
  every request (modules and inventory alike) gets its retries, timeouts, errors and
  redaction;
- the inventory's code (the plugin, ``module_utils/inventory_*.py`` and each provider's
  ``inventory.py``) holds no provider path: it asks the provider's API and adapters,
  where the paths are defined once.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PLUGINS = Path(__file__).resolve().parents[3] / "plugins"
HTTP_LIBRARIES = ("requests", "urllib3", "httpx", "http.client", "urllib.request", "aiohttp")
# What the plugin documents for ansible-doc: prose and examples, not requests.
DOC_ASSIGNMENTS = frozenset({"DOCUMENTATION", "EXAMPLES", "RETURN"})
# A URL path or a piece of one: "/v1/clusters", "/nodes", "cluster/nodes/", "namespace/",
# "/api/ecns/{product_type}/"; a word with a slash inside prose counts too.
PATH_LIKE = re.compile(r"(^|\s)/\S|\S/($|\s)|^[\w{}.-]+/[\w{}./-]*$")


def _files() -> list[Path]:
    return sorted(PLUGINS.rglob("*.py"))


def inventory_files() -> list[Path]:
    return sorted(
        [
            *PLUGINS.glob("inventory/*.py"),
            *PLUGINS.glob("module_utils/inventory_*.py"),
            *PLUGINS.glob("module_utils/providers/*/inventory.py"),
        ]
    )


def imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def _uses(modules: set[str], library: str) -> bool:
    return any(module == library or module.startswith(f"{library}.") for module in modules)


def test_exactly_one_file_of_plugins_imports_requests_and_it_is_the_transport():
    importers = [path.relative_to(PLUGINS).as_posix() for path in _files() if _uses(imported_modules(path), "requests")]
    assert importers == ["module_utils/transport.py"]


@pytest.mark.parametrize("library", HTTP_LIBRARIES)
def test_no_other_http_library_is_imported_outside_the_transport(library):
    importers = [
        path.relative_to(PLUGINS).as_posix()
        for path in _files()
        if path.name != "transport.py" and _uses(imported_modules(path), library)
    ]
    assert importers == []


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the docstring constants of a module, its classes and functions."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def path_literals(path: Path) -> list[str]:
    """Every string in the code (not docstrings, not the ansible-doc texts) that looks like a URL path."""
    tree = ast.parse(path.read_text(), str(path))
    skipped = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id in DOC_ASSIGNMENTS for target in node.targets
        ):
            skipped.update(id(inner) for inner in ast.walk(node.value))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skipped
        and PATH_LIKE.search(node.value)
    ]


def test_the_inventory_files_are_found():
    names = {path.relative_to(PLUGINS).as_posix() for path in inventory_files()}
    assert {
        "inventory/clusters.py",
        "module_utils/inventory_crawl.py",
        "module_utils/inventory_sources.py",
        "module_utils/providers/nks/inventory.py",
        "module_utils/providers/deployme/inventory.py",
        "module_utils/providers/itcare/inventory.py",
        "module_utils/providers/ecns/inventory.py",
    } <= names


@pytest.mark.parametrize("path", inventory_files(), ids=lambda path: path.relative_to(PLUGINS).as_posix())
def test_inventory_code_holds_no_provider_path(path):
    assert path_literals(path) == []


@pytest.mark.parametrize(
    "text", ["/v1/clusters", "/nodes", "cluster/nodes/", "namespace/", "/api/ecns/{product_type}/", "GET /v1/x"]
)
def test_the_path_check_sees_every_kind_of_path(tmp_path, text):
    """The check itself must see what it is looking for (else the test above cannot fail)."""
    source = tmp_path / "sample.py"
    source.write_text(f'"""Doc {text}."""\n\nPATH = {text!r}\n')
    assert path_literals(source) == [text]


@pytest.mark.parametrize("text", ["prod-*", "8cpu-16Gi", "providers[0] (nks)", "kaas.cloud.clusters", "a / b"])
def test_the_path_check_leaves_other_words_alone(tmp_path, text):
    source = tmp_path / "sample.py"
    source.write_text(f"NAME = {text!r}\n")
    assert path_literals(source) == []
