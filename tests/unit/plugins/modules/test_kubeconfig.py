"""kubeconfig refuses a dest whose directory is missing, before any request (found by the EXAMPLES test)."""

from __future__ import annotations

from ansible_collections.kaas.cloud.plugins.modules import kubeconfig

from .conftest import run_module


def test_missing_dest_directory_fails_clearly_before_any_request(cloud, deployme_args, tmp_path):
    cloud.clear_log()
    dest = tmp_path / "no-such-dir" / "prod.yaml"
    got = run_module(kubeconfig.main, {**deployme_args, "cluster": "prod", "dest": str(dest)})
    assert got["failed"] and "does not exist" in got["msg"] and str(dest) in got["msg"]
    assert cloud.requests() == []
