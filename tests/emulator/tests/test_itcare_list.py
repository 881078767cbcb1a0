"""``GET /compute/containers/kubernetes``: Spring paging, sorting and every filter."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from itcare_helpers import BASE, ItCare, assert_error

from kaas_emulator.core.clock import ManualClock


@pytest.fixture
def it(client: FlaskClient, clock: ManualClock) -> ItCare:
    return ItCare(client, clock)


@pytest.fixture
def fleet(it: ItCare) -> dict[str, int]:
    """Four clusters with different settings; returns name -> id."""
    made = {
        "alpha": it.create(name="alpha", serviceId=123, productCode="KUBERNETES_1_28"),
        "bravo": it.create(name="bravo", serviceId=125, az="EB-B"),
        "charlie": it.create(
            name="charlie",
            serviceId=124,
            region="ET",
            area="ET",
            networkId=2201,
            ingressProvider="NGINX",
        ),
        "delta": it.create(name="delta", serviceId=125, area="EBH", networkId=1301),
    }
    it.operate(made["bravo"]["id"], "enable_ha")
    it.operate(made["delta"]["id"], "update_patch_party",
               {"patchParty": {"excluded": True, "exclusionReason": "manual"}})  # fmt: skip
    it.finish()
    return {name: cluster["id"] for name, cluster in made.items()}


def names(it: ItCare, query: str) -> list[str]:
    response = it.get(f"{BASE}?{query}")
    assert response.status_code == 200, response.json
    return [item["name"] for item in response.json["content"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["alpha", "bravo", "charlie", "delta"]),
        ("names=alpha,charlie", ["alpha", "charlie"]),
        ("names=!alpha,!bravo", ["charlie", "delta"]),
        ("names=a*,!charlie", ["alpha"]),
        ("names=ALPHA", ["alpha"]),
        ("names=alpha&names=delta", ["alpha", "delta"]),
        ("services=125", ["bravo", "delta"]),
        ("services=123,124", ["alpha", "charlie"]),
        ("environments=PRODUCTION", ["alpha"]),
        ("environments=development,QUALIFICATION", ["bravo", "charlie", "delta"]),
        ("statuses=ACTIVE", ["alpha", "bravo", "charlie", "delta"]),
        ("statuses=INACTIVE", []),
        ("tags=application:itcare", []),
        ("backupStatus=true", ["alpha"]),
        ("recoveryStatus=false", ["bravo", "charlie", "delta"]),
        ("includedInPatchParty=false", ["delta"]),
        ("topologies=HA", ["bravo"]),
        ("topologies=Standard", ["alpha", "charlie", "delta"]),
        ("versions=v1.28.13", ["alpha"]),
        ("versions=1.31", ["bravo", "charlie", "delta"]),
        ("regions=ET", ["charlie"]),
        ("az=EB-B", ["alpha", "bravo", "delta"]),
        ("az=EB-C", ["alpha", "delta"]),
        ("ip=10.59.13.10", ["alpha"]),
        ("ip=10.59.13.16", ["bravo"]),
        ("vlan=EB_1301_HDS1", ["delta"]),
        ("clouds=1", ["alpha", "bravo", "charlie", "delta"]),
        ("clouds=2", []),
        ("regions=EB&services=125&topologies=Standard", ["delta"]),
        ("unknown=1", ["alpha", "bravo", "charlie", "delta"]),
    ],
)
def test_filters(it: ItCare, fleet: dict[str, int], query: str, expected: list[str]) -> None:
    assert names(it, query) == expected


@pytest.mark.parametrize(
    ("query", "desc"),
    [
        ("services=abc", "services"),
        ("backupStatus=yes", "backupStatus"),
        ("clouds=x", "clouds"),
        ("sort=color", "sort"),
        ("sort=name,up", "sort"),
        ("sort=name&sort=id", "sort"),
    ],
)
def test_bad_parameters(it: ItCare, query: str, desc: str) -> None:
    assert_error(it.get(f"{BASE}?{query}"), 400, desc, "INVALID_FIELD_VALUE")


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name,desc", ["delta", "charlie", "bravo", "alpha"]),
        ("name", ["alpha", "bravo", "charlie", "delta"]),
        ("id,desc", ["delta", "charlie", "bravo", "alpha"]),
        ("environment,asc", ["bravo", "delta", "alpha", "charlie"]),
        ("region,DESC", ["charlie", "alpha", "bravo", "delta"]),
    ],
)
def test_sort(it: ItCare, fleet: dict[str, int], sort: str, expected: list[str]) -> None:
    assert names(it, f"sort={sort}") == expected


def test_paging(it: ItCare, fleet: dict[str, int]) -> None:
    first = it.get(f"{BASE}?size=3").json
    assert [c["name"] for c in first["content"]] == ["alpha", "bravo", "charlie"]
    assert (first["totalElements"], first["totalPages"], first["number"], first["size"]) == (
        4, 2, 0, 3
    )  # fmt: skip
    assert (first["first"], first["last"], first["empty"], first["numberOfElements"]) == (
        True, False, False, 3
    )  # fmt: skip
    second = it.get(f"{BASE}?size=3&page=1").json
    assert [c["name"] for c in second["content"]] == ["delta"]
    assert (second["first"], second["last"], second["numberOfElements"]) == (False, True, 1)
    beyond = it.get(f"{BASE}?size=3&page=5").json
    assert (beyond["content"], beyond["empty"], beyond["totalElements"]) == ([], True, 4)


@pytest.mark.parametrize(
    ("query", "page", "size"),
    [("page=x&size=y", 0, 20), ("page=-1&size=0", 0, 20), ("size=5000", 0, 2000)],
)
def test_paging_is_lenient_like_spring(it: ItCare, query: str, page: int, size: int) -> None:
    body = it.get(f"{BASE}?{query}").json
    assert (body["number"], body["size"]) == (page, size)
