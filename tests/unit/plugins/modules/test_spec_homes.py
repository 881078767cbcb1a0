# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where argument specs live: one rule for every module and provider.

The connection, wait and portable pieces are in ``module_utils/arguments.py``; each
provider's blocks and provider-only options in ``providers/<provider>/options.py``
(or ``options_<family>.py``); a module only assembles them, declaring inline none
but flat options (no ``options`` of its own, so no block).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
MODULES = sorted((ROOT / "plugins" / "modules").glob("*.py"))
PROVIDERS = sorted(
    p for p in (ROOT / "plugins" / "module_utils" / "providers").iterdir() if p.is_dir() and not p.name.startswith("_")
)
DOC_STRINGS = {"DOCUMENTATION", "EXAMPLES", "RETURN"}


def nested_blocks(source: str) -> list[int]:
    """Lines where module code (not its documentation) writes a dict with an ``options`` key."""
    tree = ast.parse(source)
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
            if "options" in keys:
                lines.append(node.lineno)
        elif isinstance(node, ast.Call) and any(k.arg == "options" for k in node.keywords):
            lines.append(node.lineno)
    return lines


def spec_functions(source: str) -> list[str]:
    """Module-level functions other than ``main`` (a module file holding spec builders)."""
    tree = ast.parse(source)
    return [n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.endswith("options")]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_a_module_declares_no_option_block_inline(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert nested_blocks(source) == [], f"{path.name}: an option block belongs in an options file"
    assert spec_functions(source) == [], f"{path.name}: spec builders belong in an options file"


def test_the_rule_sees_an_inline_block() -> None:
    inline = 'def main():\n    spec = dict(nks={"type": "dict", "options": {"a": {"type": "str"}}})\n'
    builder = "def nks_options():\n    return {}\n"
    assert nested_blocks(inline) == [2]
    assert spec_functions(builder) == ["nks_options"]


@pytest.mark.parametrize("provider", PROVIDERS, ids=lambda p: p.name)
def test_a_provider_keeps_its_specs_in_options_files(provider: Path) -> None:
    names = {p.name for p in provider.glob("*.py")}
    strays = sorted(n for n in names if ("option" in n or "argument" in n) and not n.startswith("options"))
    assert strays == [], f"{provider.name}: spec files are options.py or options_<family>.py"
    assert "options.py" in names, f"{provider.name}: its blocks have no options.py"
