"""image_workspace on ECNS (Harbor projects), against the emulator."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.modules import image_workspace
from support.ecns_registry import IMAGES, push
from support.harness import run_module

ONE = f"{IMAGES}/harbor_project/team"


@pytest.fixture
def registry_args(ecns_object_args):
    """Connection only: the registry belongs to the project, not to a cluster."""
    return {k: v for k, v in ecns_object_args.items() if k not in ("cluster", "namespace", "product_type")}


def converge(args, **kw):
    return run_module(image_workspace.main, args, **kw)


def test_lifecycle_create_rerun_open_delete(cloud, registry_args):
    created = converge({**registry_args, "name": "team"}, diff=True)
    assert created.get("changed"), created
    assert (created["image_workspace"]["public"], created["image_workspace"]["images"]) == (False, [])
    assert created["diff"]["before"] == {} and created["diff"]["after"]["name"] == "team"
    assert cloud.api_writes("ecns") == [("POST", f"{IMAGES}/harbor_project", "")]

    cloud.clear_log()
    again = converge({**registry_args, "name": "team", "public": False})
    assert again["changed"] is False and cloud.api_writes("ecns") == []
    # The registry has no namespace: nothing switches the session.
    assert [r["path"] for r in cloud.requests("ecns") if not r["path"].startswith("/identity")] == [ONE]

    cloud.clear_log()
    opened = converge({**registry_args, "name": "team", "public": True}, diff=True)
    assert opened["changed"] and opened["image_workspace"]["public"] is True
    assert (opened["diff"]["before"]["public"], opened["diff"]["after"]["public"]) == (False, True)
    assert cloud.api_writes("ecns") == [("PUT", ONE, "")]
    assert cloud.ecns("GET", ONE).json()["harbor_project"]["public"] == "true"

    cloud.clear_log()
    deleted = converge({**registry_args, "name": "team", "state": "absent"})
    assert deleted["changed"] and deleted["image_workspace"] == {}
    assert converge({**registry_args, "name": "team", "state": "absent"})["changed"] is False
    assert cloud.api_writes("ecns") == [("DELETE", f"{IMAGES}/harbor_project/", "")]


def test_public_on_create(cloud, registry_args):
    created = converge({**registry_args, "name": "shared", "public": True})
    assert created["image_workspace"]["public"] is True


def test_check_mode_predicts_without_writing(cloud, registry_args):
    planned = converge({**registry_args, "name": "team", "public": True}, check=True, diff=True)
    assert planned["changed"] and planned["diff"]["after"]["public"] is True
    converge({**registry_args, "name": "team"})
    cloud.clear_log()
    assert converge({**registry_args, "name": "team", "public": True}, check=True)["changed"]
    assert converge({**registry_args, "name": "team", "state": "absent"}, check=True)["changed"]
    assert cloud.api_writes("ecns") == []


def test_a_workspace_holding_images_is_not_deleted(cloud, registry_args):
    converge({**registry_args, "name": "team"})
    push(cloud, "team", "nginx:1.25")
    result = converge({**registry_args, "name": "team", "state": "absent"})
    assert result["failed"] and "still holds 1 image(s)" in result["msg"], result
    assert cloud.ecns("GET", ONE).status_code == 200


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"name": "Team"}, "image workspace name 'Team' is invalid"),
        ({"name": "a..b"}, "is invalid"),
        ({"name": " team"}, "surrounding blanks"),
        ({"name": "team", "public": "maybe"}, "public"),
    ],
)
def test_bad_input_is_refused_before_any_request(cloud, registry_args, options, message):
    result = converge({**registry_args, **options})
    assert result["failed"] and message in result["msg"], result
    assert [r for r in cloud.requests("ecns") if not r["path"].startswith("/identity")] == []


def test_another_provider_is_refused(cloud, registry_args):
    result = converge({**registry_args, "name": "team", "provider": "nks"})
    assert result["failed"] and "providers that have it: ecns" in result["msg"], result
