"""Property-based bad input: every module refuses it cleanly and sends no request.

For each module and provider, a valid task is the base; hypothesis replaces ONE
option with a value that is wrong by construction: of the wrong type for the
option's declared type, outside its choices, or breaking a documented rule (empty
or malformed names, out-of-range counts, malformed CIDRs, negative timeouts,
another provider's block...). The module must fail with a message, without a
traceback, and the emulator's request log must stay empty.

The option types and choices are read from each module's own argument spec, so an
option added later is covered by the generic strategies without touching this file.
"""

from __future__ import annotations

import importlib
import ipaddress
import os
import tempfile
from typing import Any

import pytest
from ansible.module_utils.parsing.convert_bool import BOOLEANS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.rules import NETWORK_NAME
from support.harness import run_module
from support.specs import captured_spec

EXAMPLES_PER_MODULE = int(os.environ.get("KAAS_BAD_INPUT_EXAMPLES", "120"))
KUBECONFIG_DIR = tempfile.mkdtemp(prefix="kaas-bad-input-")
CASES = {"count": 0}

NKS_BLOCK = {
    "keypair": "k",
    "fixed_network": "eb212079-b6ec-430c-ba57-14280a457bcb",
    "fixed_subnet": "4fdf5b80-3d35-43f5-a5c1-010a3b6c8e90",
    "availability_zone": "kr2-pub-b",
    "node_image": "f462a2a5-ba24-46d6-b7a1-9a9febcd3cfc",
    "boot_volume_type": "General HDD",
    "boot_volume_size": 20,
}


def connection(url: str, provider: str) -> dict[str, Any]:
    if provider == "nks":
        auth = {"username": "demo", "password": "demo", "project_id": "demo", "auth_url": f"{url}/nks/identity/v2.0"}
    elif provider == "itcare":
        token_url = f"{url}/itcare/auth/realms/cloud/protocol/openid-connect/token"
        auth = {"client_id": "demo", "client_secret": "demo", "auth_url": token_url}
    elif provider == "ecns":
        auth = {"username": "demo", "password": "demo", "project_id": "demo", "auth_url": f"{url}/ecns/identity/v3"}
    else:
        auth = {"token": "demo"}
    return {"provider": provider, "api_url": f"{url}/{provider}", "auth": auth}


ITCARE_CLUSTER = {"region": "EB", "network_id": 1125, "service_id": 124, "ingress_provider": "NGINX"}
ITCARE_LB = {
    "profile_name": "https",
    "healthcheck": "http",
    "port_members": "80, 443",
    "certificate_name": "wildcard_example.com",
    "region": "EB",
    "service_id": 124,
}
NGINX = {"name": "nginx", "image": {"image": "nginx", "image_version": "1.25"}}
NKS_GROUP = {k: NKS_BLOCK[k] for k in ("node_image", "availability_zone", "boot_volume_type", "boot_volume_size")}


#: module -> provider -> a valid task (without connection); each case spoils one option of it.
BASES: dict[str, dict[str, dict[str, Any]]] = {
    "k8s_cluster": {
        "deployme": {"name": "valid-name", "node_count": 1, "node_size": "small", "deployme": {"control_planes": 1}},
        "nks": {
            "name": "valid-name",
            "version": "v1.28.3",
            "node_count": 1,
            "node_size": "6ef27f21-c774-4c0e-84ff-7dd4a762571f",
            "nks": {**NKS_BLOCK, "pods_network_cidr": "10.100.0.0/16", "service_cluster_ip_range": "10.254.0.0/16"},
        },
    },
    "k8s_cluster_info": {"deployme": {"name": "valid-name"}, "nks": {"name": "valid-name"}},
    "kubeconfig": {
        "deployme": {"cluster": "valid-name", "dest": f"{KUBECONFIG_DIR}/deployme.yaml"},
        "nks": {"cluster": "valid-name", "dest": f"{KUBECONFIG_DIR}/nks.yaml"},
    },
    "nodegroup": {
        "nks": {
            "cluster": "valid-name",
            "name": "valid-group",
            "node_count": 1,
            "node_size": "6ef27f21-c774-4c0e-84ff-7dd4a762571f",
            "nks": NKS_GROUP,
        }
    },
    "nodegroup_info": {"nks": {"cluster": "valid-name", "name": "valid-group"}},
    "autoscaler": {"nks": {"cluster": "valid-name", "enabled": True, "min_node_count": 1, "max_node_count": 3}},
    "ipacl": {
        "nks": {"cluster": "valid-name", "enabled": True, "action": "ALLOW", "targets": [{"cidr": "10.0.0.0/8"}]}
    },
    "load_balancer": {"itcare": {"cluster": "valid-name", "name": "https://www.shop.example.com", "itcare": ITCARE_LB}},
    "load_balancer_info": {"itcare": {"cluster": "valid-name"}},
    "workload": {"ecns": {"cluster": "ecns-east", "name": "valid-name", "replicas": 1, "containers": [NGINX]}},
    "workload_info": {"ecns": {"cluster": "ecns-east", "name": "valid-name"}},
    "namespace": {"ecns": {"cluster": "ecns-east", "name": "valid-name", "quota": {"pods": 5}, "psp": "Limited"}},
    "namespace_info": {"ecns": {"cluster": "ecns-east", "name": "valid-name"}},
    "secret": {"ecns": {"cluster": "ecns-east", "name": "valid-name", "type": "Opaque", "data": {"KEY": "value"}}},
    "secret_info": {"ecns": {"cluster": "ecns-east", "name": "valid-name"}},
    "storage_class": {"ecns": {"cluster": "ecns-east", "name": "valid-name", "volume_type": "ssd", "default": True}},
    "storage_info": {"ecns": {"cluster": "ecns-east", "include": ["pvcs"]}},
    "pvc": {"ecns": {"cluster": "ecns-east", "name": "valid-name", "storage_class": "standard", "capacity": "1Gi"}},
    "job": {"ecns": {"cluster": "ecns-east", "name": "valid-name", "completions": 1, "containers": [NGINX]}},
    "job_info": {"ecns": {"cluster": "ecns-east", "name": "valid-name"}},
    "cronjob": {"ecns": {"cluster": "ecns-east", "name": "valid-name", "schedule": "* * * * *", "containers": [NGINX]}},
    "cronjob_info": {"ecns": {"cluster": "ecns-east", "name": "valid-name"}},
    "service": {
        "ecns": {
            "cluster": "ecns-east",
            "name": "valid-name",
            "type": "NodePort",
            "target_workload": "web",
            "ports": [{"port": 80}],
        }
    },
    "service_info": {"ecns": {"cluster": "ecns-east", "name": "valid-name"}},
    "ingress": {
        "ecns": {
            "cluster": "ecns-east",
            "name": "valid-name",
            "routers": [{"domain": "shop.example.com", "target_service": "web", "service_port": 80}],
        }
    },
    "ingress_info": {"ecns": {"cluster": "ecns-east", "name": "valid-name"}},
    "pod_info": {"ecns": {"cluster": "ecns-east", "name": "valid-name"}},
}
# ECNS applications, VM workloads and the image registry (workspaces and images have no cluster).
BASES["application"] = {
    "ecns": {
        "cluster": "ecns-east",
        "name": "valid-name",
        "workloads": [{"name": "web", "replicas": 1, "containers": [NGINX]}],
    }
}
BASES["application_info"] = {"ecns": {"cluster": "ecns-east", "name": "valid-name"}}
BASES["virtual_machine_info"] = {"ecns": {"cluster": "ecns-east", "name": "valid-name"}}
BASES["image_workspace"] = {"ecns": {"name": "valid-name"}}
BASES["image_workspace_info"] = {"ecns": {"name": "valid-name"}}
BASES["image"] = {"ecns": {"name": "team/valid-name", "description": "text"}}
BASES["image_info"] = {"ecns": {"name": "team/valid-name"}}
# ITCare clusters take the same tasks as the other providers' clusters.
BASES["k8s_cluster"]["itcare"] = {
    "name": "valid-name",
    "node_count": 3,
    "node_size": "2cpu4gb",
    "itcare": ITCARE_CLUSTER,
}
BASES["k8s_cluster_info"]["itcare"] = {"name": "valid-name"}
# ECNS load balancers are LoadBalancer services with their Octavia options.
BASES["load_balancer"]["ecns"] = {
    "cluster": "ecns-east",
    "name": "valid-name",
    "ecns": {"target_workload": "web", "ports": [{"port": 443}], "subnet": "subnet-app-1", "flavor": "lb.small"},
}
BASES["load_balancer_info"]["ecns"] = {"cluster": "ecns-east", "name": "valid-name"}

# Values that break a documented rule of an option whatever its declared type.
BAD_NAMES = ["", " ", " padded", "-leading-dash", "a" * 300, "bad/name", "tab\tname", "ünïcode", "name💥"]
NAMES = {
    "deployme": st.sampled_from([*BAD_NAMES, "trailing-", "two--dashes", "a" * 64]),
    "nks": st.sampled_from([*BAD_NAMES, "1starts-with-digit", "a" * 243]),
    "itcare": st.sampled_from([*BAD_NAMES, "Upper-Case", "under_score", "a" * 64]),
    "ecns": st.sampled_from([*BAD_NAMES, "Upper-Case", "under_score", "a" * 254]),
}
#: Names that are not a cluster's: a load balancer is named by its URL (ITCare's pattern).
URL_NAMES = {
    "load_balancer": st.sampled_from(
        [*BAD_NAMES, "ftp://shop.example.com", "https://", "https://1starts.example.com", "https://a.b/path"]
    )
}
#: Harbor names (workspaces) allow '_' and '.'; images are named <workspace>/<image>.
WORKSPACE_NAMES = st.sampled_from([n for n in BAD_NAMES if n != "bad/name"] + ["Upper-Case", "two..dots", "a" * 256])
IMAGE_NAMES = st.sampled_from(
    [n for n in BAD_NAMES if n != "bad/name"] + ["nginx", "Team/nginx", "team/", "/nginx", "team/nginx/extra"]
)
URL_NAMES.update(
    image_workspace=WORKSPACE_NAMES, image_workspace_info=WORKSPACE_NAMES, image=IMAGE_NAMES, image_info=IMAGE_NAMES
)
#: ECNS cluster names have no rule in the seed: only names that cannot be any cluster's (see docs/providers/ecns.md).
CLUSTER_NAMES = {"ecns": st.sampled_from(BAD_NAMES)}
RULES: dict[str, st.SearchStrategy] = {
    "node_count": st.one_of(st.integers(max_value=0), st.integers(min_value=101), st.just(10**30)),
    "version": st.sampled_from(["latest", "v1", "1.2.3.4", "", "v1.28.3-rc.1", "1.x"]),
    "timeout": st.one_of(st.floats(max_value=0, allow_nan=False), st.just(float("inf"))),
    "wait_timeout": st.integers(max_value=-1),
    "poll_interval": st.floats(max_value=0, allow_nan=False),
    "api_url": st.sampled_from(["not a url", "ftp://example.com", "http://", "//missing-scheme", "http://host:99999"]),
    "nks.pods_network_cidr": st.sampled_from(["10.100.0.0/33", "300.1.1.1/16", "10.100.0.0", "fe80::/64", "abc"]),
    "nks.service_cluster_ip_range": st.sampled_from(["10.254.0.0/40", "10.254.0.1/16x", "", "10.254.0.0/25"]),
    "nks.pods_network_subnet": st.one_of(st.integers(max_value=19), st.integers(min_value=29)),
    "nks.boot_volume_size": st.integers(max_value=0),
    "deployme.control_planes": st.integers().filter(lambda n: n not in (1, 3)),
    "mode": st.sampled_from(["abc", "9999", "u+q", "0o1777777"]),
    "replicas": st.one_of(st.integers(max_value=-1), st.just(10**30)),
    "min_node_count": st.one_of(st.integers(max_value=0), st.just(10**30)),
    "max_node_count": st.one_of(st.integers(max_value=0), st.just(10**30)),
    "targets": st.sampled_from(
        [
            [{"cidr": "10.0.0.300/24"}],
            [{"cidr": "2001:db8::/64"}],
            [{"cidr": ""}],
            [{"cidr": "10.0.0.0/33"}],
            [{"cidr": "abc"}],
        ]
    ),
    "containers": st.sampled_from(
        [
            [],
            [{"name": "", "image": NGINX["image"]}],
            [{"name": "Bad_Name", "image": NGINX["image"]}],
            [{"name": "nginx", "image": {"image": "", "image_version": "1.25"}}],
            [NGINX, NGINX],
        ]
    ),
    "capacity": st.sampled_from(["", "0", "-1", "10GB", "1.5Gi", "10 Gi", "Gi", "99999999Gi"]),
    "schedule": st.sampled_from(
        [
            "",
            "* * * *",
            "60 * * * *",
            "* 24 * * *",
            "* * 0 * *",
            "* * * 13 *",
            "* * * * 7",
            "*/0 * * * *",
            "mon * * * *",
        ]
    ),
    "completions": st.integers(max_value=0),
    "itcare.port_members": st.sampled_from(["", "eighty", "80,,443", "70000", "-1"]),
    "itcare.vs_port": st.one_of(st.integers(max_value=0), st.integers(min_value=65536)),
    # An id (a number from 1) or a technical id (text): neither a boolean, a decimal, a list nor other text.
    "itcare.network_id": st.one_of(
        st.integers(max_value=0),
        st.booleans(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.lists(st.integers(min_value=1), min_size=1, max_size=2),
        st.text(min_size=1, max_size=70).filter(lambda s: NETWORK_NAME.fullmatch(s.strip()) is None),
    ),
    "itcare.service_id": st.integers(max_value=0),
}
#: Options whose every string is acceptable to the module (ids, free text): only their type can be wrong.
FREE = {"id", "auth", "ca_path", "region", "dest"}


def parses_as(kind: str, value: Any) -> bool:
    try:
        if kind == "int":
            return float(value) == int(float(value))
        if kind == "float":
            float(value)
            return True
    except (TypeError, ValueError, OverflowError):
        return False
    return False


def wrong_type(spec: dict[str, Any]) -> st.SearchStrategy | None:
    kind = spec.get("type", "str")
    junk = st.one_of(
        st.lists(st.integers(), min_size=1, max_size=3),
        st.dictionaries(st.text(max_size=3), st.integers(), min_size=1, max_size=2),
    )
    text = st.text(min_size=1, max_size=20)
    if kind in ("int", "float"):
        return st.one_of(junk, text.filter(lambda s: not parses_as(kind, s)))
    if kind == "bool":
        return st.one_of(junk, text.filter(lambda s: s.strip().lower() not in BOOLEANS and s not in BOOLEANS))
    if kind == "dict" and "options" in spec:
        return st.one_of(st.integers(), st.lists(st.integers(), min_size=1))
    if spec.get("choices"):
        choices = {str(c) for c in spec["choices"]}
        return text.filter(lambda s: s not in choices)
    return None


def option_cases(
    spec: dict[str, Any], base: dict[str, Any], provider: str, module_name: str = ""
) -> list[tuple[str, st.SearchStrategy]]:
    cases = []
    foreign = [p for p in ("deployme", "nks", "itcare", "ecns") if p != provider and p in spec]
    for block in foreign:
        cases.append((block, st.just({next(iter(spec[block]["options"])): "x"})))
    for name in ("name", "cluster"):
        if name in base:
            own = URL_NAMES.get(module_name) if name == "name" else CLUSTER_NAMES.get(provider)
            cases.append((name, own if own is not None else NAMES[provider]))
    for name, option in spec.items():
        if name in foreign or name == "provider":
            continue
        if name in RULES and (name in base or name in ("timeout", "api_url", "wait_timeout", "poll_interval", "mode")):
            cases.append((name, RULES[name]))
        typed = wrong_type(option)
        if typed is not None and name not in FREE:
            cases.append((name, typed))
        for sub, sub_option in (option.get("options") or {}).items() if name == provider else ():
            path = f"{name}.{sub}"
            if path in RULES:
                cases.append((path, RULES[path]))
            sub_typed = wrong_type(sub_option)
            if sub_typed is not None:
                cases.append((path, sub_typed))
    return cases


def spoil(base: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    args = {k: (dict(v) if isinstance(v, dict) else v) for k, v in base.items()}
    if "." in path:
        block, key = path.split(".", 1)
        args.setdefault(block, {})[key] = value
    else:
        args[path] = value
    return args


def is_valid_cidr(text: str) -> bool:
    try:
        ipaddress.ip_network(text, strict=False)
    except ValueError:
        return False
    return True


MATRIX = [(module, provider) for module, providers in BASES.items() for provider in providers]


@pytest.mark.parametrize(("module_name", "provider"), MATRIX, ids=[f"{m}-{p}" for m, p in MATRIX])
def test_bad_input_fails_before_any_request(cloud, report, module_name, provider, tmp_path):
    spec = captured_spec(module_name)
    base = BASES[module_name][provider]
    cases = option_cases(spec, base, provider, module_name)
    main = importlib.import_module(f"ansible_collections.kaas.cloud.plugins.modules.{module_name}").main
    seen = []
    quick = {"wait_timeout": 5} if "wait_timeout" in spec else {}

    @settings(
        max_examples=EXAMPLES_PER_MODULE, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    @given(data=st.data())
    def check(data):
        path, strategy = data.draw(st.sampled_from(cases), label="option")
        value = data.draw(strategy, label=path)
        # A spoiled value that slipped through must fail the case quickly, not wait for a resource.
        args = {**connection(cloud.url, provider), **quick, **spoil(base, path, value)}
        cloud.clear_log()
        result = run_module(main, args)
        seen.append(path)
        sent = cloud.requests()
        assert result.get("failed"), f"{path}={value!r} was accepted: {result}"
        message = str(result.get("msg") or "")
        assert message and not message.startswith("unexpected error"), f"{path}={value!r}: {message}"
        assert "Traceback" not in str(result.get("exception", "")), result
        assert not sent, f"{path}={value!r} sent {[(r['method'], r['path']) for r in sent]} before failing: {message}"

    check()
    report(
        {
            "case": f"bad input {module_name} ({provider})",
            "outcome": "failed-cleanly",
            "detail": f"{len(seen)} cases over {len(set(seen))} options",
            "bad_input_cases": len(seen),
        }
    )
