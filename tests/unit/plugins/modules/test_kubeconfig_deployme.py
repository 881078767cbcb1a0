"""kubeconfig creates the missing directories of dest privately, and refuses a dest it can never write."""

from __future__ import annotations

import os
import stat

import pytest

from ansible_collections.kaas.cloud.plugins.modules import kubeconfig

from .conftest import run_module


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def prod(cloud, deployme_args):
    from ansible_collections.kaas.cloud.plugins.modules import k8s_cluster

    created = run_module(k8s_cluster.main, {**deployme_args, "name": "prod", "node_count": 1, "node_size": "small"})
    assert not created.get("failed"), created
    return deployme_args


@pytest.mark.parametrize("depth", [1, 3])
def test_missing_directories_are_created_0700_like_kubectl(cloud, prod, tmp_path, depth):
    expected = [tmp_path / "home", tmp_path / "home" / ".kube"]
    for level in range(depth - 1):
        expected.append(expected[-1] / f"level{level}")
    dest = expected[-1] / "prod.yaml"
    old_umask = os.umask(0o022)
    try:
        got = run_module(kubeconfig.main, {**prod, "cluster": "prod", "dest": str(dest)})
    finally:
        os.umask(old_umask)
    assert not got.get("failed"), got
    assert got["changed"] is True
    assert dest.read_bytes().startswith(b"apiVersion")
    assert _mode(dest) == 0o600
    assert got["created_directories"] == [str(p) for p in expected]
    for path in expected:
        assert _mode(path) == 0o700, path
    again = run_module(kubeconfig.main, {**prod, "cluster": "prod", "dest": str(dest)})
    assert again["changed"] is False and again["created_directories"] == []


def test_check_mode_creates_nothing_but_reports_the_directories(cloud, prod, tmp_path):
    dest = tmp_path / ".kube" / "prod.yaml"
    got = run_module(kubeconfig.main, {**prod, "cluster": "prod", "dest": str(dest)}, check=True, diff=True)
    assert not got.get("failed"), got
    assert got["changed"] is True and got["created_directories"] == [str(tmp_path / ".kube")]
    assert not (tmp_path / ".kube").exists()


@pytest.mark.parametrize("shape", ["file in the way", "dest is a directory"])
def test_a_dest_that_can_never_be_written_fails_before_any_request(cloud, deployme_args, tmp_path, shape):
    if shape == "file in the way":
        (tmp_path / "plain").write_text("not a directory")
        dest = tmp_path / "plain" / "sub" / "prod.yaml"
    else:
        dest = tmp_path / "already-a-dir"
        dest.mkdir()
    cloud.clear_log()
    got = run_module(kubeconfig.main, {**deployme_args, "cluster": "prod", "dest": str(dest)})
    assert got["failed"] and str(dest) in got["msg"], got
    assert cloud.requests() == []
