"""``playbooks/fleet_report.yml`` over a fleet of thirteen clusters on the four providers of the emulator.

The page is opened in a real headless Chromium (Debian's ``chromium`` and ``chromium-driver``)
driven by Selenium: it must render with no message in the browser's console, show the figures
the providers' APIs give (read here straight from the emulator, not from the inventory), sort
a table when a column's title is clicked, and show the drift of a plan file. Its screenshot is
kept in ``.build/artifacts/fleet_report.png``. Without Chromium the browser test is skipped,
saying why, except in CI (``CI=true``), where it fails: a skipped check there would pass unseen.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml

from kaas_emulator.server import EmulatorServer
from support.fleet import run_fleet, writes
from support.fleet_report import connections, create_fleet, entries
from support.harness import Cloud
from support.inventory import SEED_TIME_SCALE, deployme_entry, write_source
from support.playbooks import BIN, REPO, ansible_env, run_ansible

# One worker runs them all: the fleet, the playbook runs and the browser are set up once.
pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.xdist_group("fleet_report")]

ARTIFACTS = REPO / ".build" / "artifacts"
CHROMIUM = os.environ.get("KAAS_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("KAAS_CHROMEDRIVER", "/usr/bin/chromedriver")
# Flags that let Chromium run as root in a container with no display and no network chatter.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1600,1000",
)
#: What the report keeps of a plan entry as its drift.
DRIFT_KEYS = ("action", "changes", "refused", "error")
PLAN = {
    "clusters": [
        {
            "provider": "nks",
            "name": "nks-web",
            "connection": "nks",
            "action": "unchanged",
            "changes": [],
            "refused": [],
        },
        {
            "provider": "nks",
            "name": "nks-legacy",
            "connection": "nks",
            "action": "change",
            "changes": [
                {"key": "version", "before": "v1.27.3", "after": "v1.28.3"},
                {"key": "node_count", "before": 1, "after": 2},
            ],
            "refused": [],
        },
        {
            "provider": "itcare",
            "name": "it-qa",
            "connection": "itcare",
            "action": "refused",
            "changes": [],
            "refused": [{"key": "node_size", "before": "2cpu4gb", "after": "4cpu8gb", "reason": "sizing is fixed"}],
        },
        {"provider": "deployme", "name": "dm-dev", "connection": "deployme", "action": "undeclared"},
        {
            "provider": "deployme",
            "name": "dm-new",
            "connection": "deployme",
            "action": "create",
            "changes": [{"key": "node_count", "before": None, "after": 3}],
        },
        {
            "provider": "ecns",
            "name": "ecns-west",
            "connection": "ecns",
            "action": "failed",
            "error": "ECNS answered 503",
        },
    ],
    "summary": {"unchanged": 1, "change": 1, "refused": 1, "undeclared": 1, "create": 1, "failed": 1},
}


@pytest.fixture(scope="module")
def fleet(tmp_path_factory):
    """The emulator with the fleet, the inventory source and the connections file."""
    directory = tmp_path_factory.mktemp("fleet")
    with EmulatorServer(time_scale=SEED_TIME_SCALE) as server:
        cloud = Cloud(server.url)
        create_fleet(cloud)
        source = write_source(directory, entries(server.url), hosts="both")
        variables = directory / "connections.yml"
        variables.write_text(yaml.safe_dump({"fleet_report_connections": connections(server.url)}))
        yield cloud, directory, source, variables


def declared_fleet(url: str) -> dict[str, Any]:
    """deployme's clusters as a fleet file declares them: one unchanged, one to change, one to
    create, and dm-prod left out (undeclared). A converge would write: the report must not."""
    return {
        "connections": {"deployme": deployme_entry(url)},
        "defaults": {"deployme": {"node_size": "small", "deployme": {"control_planes": 1}}},
        "clusters": [
            {"name": "dm-dev", "connection": "deployme", "node_count": 1},
            {"name": "dm-stage", "connection": "deployme", "node_count": 3, "node_size": "medium"},
            {"name": "dm-new", "connection": "deployme", "node_count": 2},
        ],
    }


@pytest.fixture(scope="module")
def json_report(fleet):
    """The JSON run, given a fleet file to plan (-e fleet=), started beside the HTML one (each is
    mostly waiting on its module runs), and fleet.yml's own plan of that file beside both; the
    last request the emulator had seen before them."""
    cloud, directory, _source, _variables = fleet
    fleet_file = directory / "declared.yml"
    fleet_file.write_text(yaml.safe_dump(declared_fleet(cloud.url)))
    before = max((r["seq"] for r in cloud.requests()), default=0)
    started = start_report(fleet, "json", "-e", f"fleet={fleet_file}")
    home = directory / "home-plan"
    home.mkdir(exist_ok=True)
    with ThreadPoolExecutor(max_workers=1) as pool:
        planned = pool.submit(run_fleet, fleet_file, home, "--check")
        try:
            yield started, planned, before
        finally:
            if started[0].poll() is None:
                started[0].kill()
                started[0].communicate()


@pytest.fixture(scope="module")
def json_document(json_report) -> dict[str, Any]:
    return json.loads(finish_report(json_report[0]).read_text())


def start_report(fleet, output_format: str, *extra: str, name: str = "report") -> tuple[subprocess.Popen, Path]:
    """The playbook as a user runs it, started; the file it writes."""
    _cloud, directory, source, variables = fleet
    path = directory / f"{name}.{output_format}"
    home = directory / f"home-{name}-{output_format}"  # the runs overlap: each its own ~/.ansible
    home.mkdir(exist_ok=True)
    command = [
        str(BIN / "ansible-playbook"),
        *("-i", str(source), str(REPO / "playbooks" / "fleet_report.yml"), "--forks", "16"),
        *("-e", f"@{variables}", "-e", f"fleet_report_format={output_format}", "-e", f"fleet_report_path={path}"),
        *extra,
    ]
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ansible_env(home), cwd=directory
    )
    return proc, path


def finish_report(started: tuple[subprocess.Popen, Path]) -> Path:
    proc, path = started
    stdout, stderr = proc.communicate(timeout=300)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"fleet_report.{path.suffix[1:]}.log").write_text(stdout + stderr)
    assert proc.returncode == 0, (stdout + stderr)[-6000:]
    assert "[WARNING]" not in stderr, stderr
    return path


# -- what the providers' APIs say, read straight from the emulator ---------------------------


def emulator_fleet(cloud: Cloud) -> dict[tuple[str, str], dict[str, Any]]:
    """``{(provider, name): {"version", "nodes"}}`` from each provider's own API."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for cluster in cloud.nks("GET", "/v1/clusters").json()["clusters"]:
        groups = cloud.nks("GET", f"/v1/clusters/{cluster['uuid']}/nodegroups").json()["nodegroups"]
        workers = sum(g["node_count"] for g in groups if g["role"] != "master" and g["name"] != "default-master")
        found[("nks", cluster["name"])] = {"version": cluster["labels"]["kube_tag"], "nodes": workers}
    for cluster in cloud.deployme("GET", "/v1/clusters").json()["items"]:
        nodes = cluster["control_planes"] + cluster["workers"]
        found[("deployme", cluster["name"])] = {"version": cluster["kubernetes_version"], "nodes": nodes}
    for cluster in cloud.itcare("GET", "/compute/containers/kubernetes", params={"size": 100}).json()["content"]:
        nodes = cloud.itcare("GET", f"/compute/containers/kubernetes/{cluster['id']}/nodes").json()
        found[("itcare", cluster["name"])] = {"version": cluster["version"], "nodes": len(nodes)}
    (project,) = cloud.ecns("GET", "/api/ecns/eks/namespace/").json()
    for cluster in project["clusters"]:
        params = {"apiserver_host": cluster["cluster_addr"]}
        nodes = cloud.ecns("GET", "/api/ecns/eks/cluster/nodes/", params=params).json()["nodes_status"]
        found[("ecns", cluster["cluster_name"])] = {"version": "", "nodes": len(nodes)}
    return found


# -- the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not shutil.which(path)]
    if missing:
        reason = f"{' and '.join(missing)} not installed (apt-get install chromium chromium-driver)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must test the fleet report in a browser: {reason}")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="kaas-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def console(driver) -> list[dict[str, Any]]:
    return list(driver.get_log("browser"))


def test_console_check_sees_a_broken_page(browser):
    """The console check can fail: a page whose script throws leaves a SEVERE entry."""
    console(browser)
    browser.get("data:text/html,<script>undefinedFunction()</script>")
    assert any(entry["level"] == "SEVERE" and "undefinedFunction" in entry["message"] for entry in console(browser))


@pytest.fixture(scope="module")
def page(fleet, browser, json_report, tmp_path_factory):
    """The HTML report with the plan, opened in Chromium; the console's messages while it loaded."""
    plan = tmp_path_factory.mktemp("plan") / "plan.json"
    plan.write_text(json.dumps(PLAN))
    path = finish_report(start_report(fleet, "html", "-e", f"fleet_plan_file={plan}"))
    console(browser)  # empties the log
    browser.get(path.as_uri())
    messages = console(browser)
    # The whole page in one picture: as tall as its content.
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1600, min(height + 200, 8000))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "fleet_report.png"))
    return browser, path, messages


def rows(driver, table: str) -> list[dict[str, str]]:
    from selenium.webdriver.common.by import By

    found = driver.find_elements(By.CSS_SELECTOR, f"table#{table} tbody tr")
    return [json.loads(driver.execute_script("return JSON.stringify(arguments[0].dataset)", row)) for row in found]


def test_page_renders_with_no_console_message_and_needs_no_network(page):
    driver, path, messages = page
    assert messages == []
    html = path.read_text()
    # Nothing to fetch: no external script, style, image or font (the CSP would block one,
    # and the browser would log it above).
    for needle in ("<script src", '<link rel="stylesheet"', "http://", "https://", "@import", "url("):
        assert needle not in html, needle
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert (ARTIFACTS / "fleet_report.png").stat().st_size > 10_000
    assert driver.title == "kaas.cloud fleet report"


def test_figures_match_the_providers_apis(page, fleet):
    from selenium.webdriver.common.by import By

    driver, _path, _messages = page
    cloud = fleet[0]
    truth = emulator_fleet(cloud)
    assert len(truth) >= 12 and {p for p, _n in truth} == {"nks", "deployme", "itcare", "ecns"}
    shown = {(r["provider"], r["name"]): r for r in rows(driver, "clusters") if r["status"] != "absent"}
    assert set(shown) == set(truth)
    for key, expected in truth.items():
        assert shown[key]["version"] == expected["version"], key
        assert int(shown[key]["nodes"]) == expected["nodes"], key
    # The chart of clusters per provider adds up to the API's counts.
    per_provider = Counter(p for p, _n in truth)
    bars: Counter = Counter()
    for segment in driver.find_elements(By.CSS_SELECTOR, "svg#chart-providers rect"):
        bars[segment.get_attribute("data-label")] += int(segment.get_attribute("data-count"))
    names = {"nks": "NHN Cloud NKS", "deployme": "deployme.cloud", "itcare": "Cegedim ITCare", "ecns": "EasyStack ECNS"}
    assert bars == {names[p]: n for p, n in per_provider.items()}
    cards = {
        c.get_attribute("data-card"): c.find_element(By.TAG_NAME, "b").text
        for c in driver.find_elements(By.CSS_SELECTOR, ".card")
    }
    assert int(cards["clusters"]) == len(truth)
    assert int(cards["nodes"]) == sum(v["nodes"] for v in truth.values())


def test_versions_are_measured_against_what_the_provider_offers(page):
    from selenium.webdriver.common.by import By

    driver, _path, _messages = page
    table = {
        r.find_element(By.CSS_SELECTOR, "td").get_attribute("data-sort"): r.text
        for r in driver.find_elements(By.CSS_SELECTOR, "table#versions tbody tr")
    }
    # NKS lists its versions (GET /v1/supports, the usable ones); the emulator's newest is v1.30.3.
    assert "v1.30.3" in table["nks"] and "the provider's list" in table["nks"]
    behind = {r["name"]: r for r in rows(driver, "clusters")}
    text = {
        row.get_attribute("data-name"): row.text
        for row in driver.find_elements(By.CSS_SELECTOR, "table#clusters tbody tr")
    }
    assert "3 behind" in text["nks-legacy"] and "up to date" in text["nks-api"]
    assert "2 behind" in text["it-qa"] and "up to date" in text["it-prod"]
    # The IP ACL and autoscaler NKS reports, and what the others have no API for.
    assert "on ALLOW 1 target(s)" in text["nks-web"] and "default-worker 2-6" in text["nks-web"]
    assert "off" in text["nks-api"] and "not offered" in text["dm-prod"]
    assert "364 days" in text["nks-legacy"]
    assert behind["dm-new"]["status"] == "absent"


def test_drift_of_the_plan_is_shown_per_cluster(page):
    driver, _path, _messages = page
    drift = Counter((r["name"], r["action"]) for r in rows(driver, "drift"))
    # unchanged clusters are left out; a change lists one row per key.
    assert drift == {
        ("nks-legacy", "change"): 2,
        ("it-qa", "refused"): 1,
        ("dm-dev", "undeclared"): 1,
        ("dm-new", "create"): 1,
        ("ecns-west", "failed"): 1,
    }


def test_clicking_a_column_title_sorts_the_table(page):
    from selenium.webdriver.common.by import By

    driver, _path, _messages = page
    headers = {th.text: th for th in driver.find_elements(By.CSS_SELECTOR, "table#clusters thead th")}
    headers["Nodes"].click()
    counts = [int(r["nodes"]) for r in rows(driver, "clusters") if r["nodes"]]
    assert (
        counts == sorted(counts) and counts != [int(r["nodes"]) for r in rows(driver, "clusters") if r["nodes"]][::-1]
    )
    headers["Nodes"].click()
    assert [int(r["nodes"]) for r in rows(driver, "clusters") if r["nodes"]] == sorted(counts, reverse=True)
    assert headers["Nodes"].get_attribute("aria-sort") == "descending"
    headers["Cluster"].click()
    names = [r["name"] for r in rows(driver, "clusters")]
    assert names == sorted(names)
    assert console(driver) == []


def test_json_carries_the_same_figures(fleet, json_document):
    """For machines: the model the page is drawn from (CSV is the same rows, tests/unit/plugins/filter)."""
    truth = emulator_fleet(fleet[0])
    present = [c for c in json_document["clusters"] if c["status"] != "absent"]
    assert {(c["provider"], c["name"]): (c["version"] or "", c["node_count"]) for c in present} == {
        key: (value["version"], value["nodes"]) for key, value in truth.items()
    }
    assert json_document["versions"]["nks"]["source"] == "provider"


# -- a fleet file instead of a plan file ---------------------------------------------------


def test_report_plans_a_fleet_file_itself_with_no_write(fleet, json_report, json_document):
    """-e fleet=FILE: the drift is fleet.yml's own plan of FILE (run beside it), and nothing is written."""
    cloud = fleet[0]
    _started, planned, before = json_report
    proc, plan = planned.result(timeout=300)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    assert writes(cloud, since=before) == []
    drift = {(c["provider"], c["name"]): c["drift"] for c in json_document["clusters"] if c["drift"]}
    assert drift == {(e["provider"], e["name"]): {key: e[key] for key in DRIFT_KEYS} for e in plan["clusters"]}
    assert {d["action"] for d in drift.values()} == {"unchanged", "change", "create", "undeclared"}
    assert json_document["summary"]["drift"] == {action: count for action, count in plan["summary"].items() if count}


def run_without_inventory(directory: Path, *extra: str) -> subprocess.CompletedProcess:
    """The report on no inventory: for what fails before any cluster is read."""
    playbook = REPO / "playbooks" / "fleet_report.yml"
    args = ("-i", "localhost,", str(playbook), "-e", f"fleet_report_path={directory}/r.html", *extra)
    return run_ansible("ansible-playbook", *args, env=ansible_env(directory), cwd=directory, timeout=120)


def test_a_fleet_file_and_a_plan_file_are_refused_together(tmp_path):
    """Two plans for one report: refused before anything is read."""
    proc = run_without_inventory(tmp_path, "-e", "fleet=fleet.yml", "-e", "fleet_plan_file=plan.json")
    assert proc.returncode != 0
    assert "give either fleet" in proc.stdout and "not both" in proc.stdout, proc.stdout[-2000:]
    assert not (tmp_path / "r.html").exists()


def test_a_fleet_file_that_cannot_be_planned_stops_the_report_with_its_error(fleet, tmp_path):
    """fleet.yml's error is the report's, and only its error: not the connection (with its auth)
    that a failed loop item of fleet.yml shows. Here deployme refuses the token."""
    token = "fleet-report-secret-7f3a"
    fleet_file = tmp_path / "refused.yml"
    connection = {**deployme_entry(fleet[0].url), "auth": {"token": token}}
    fleet_file.write_text(
        yaml.safe_dump({"connections": {"dm": connection}, "clusters": [{"name": "a", "connection": "dm"}]})
    )
    proc = run_without_inventory(tmp_path, "-e", f"fleet={fleet_file}")
    assert proc.returncode != 0
    assert f"playbooks/fleet.yml could not plan {fleet_file}: [ERROR]: " in proc.stdout, proc.stdout[-2000:]
    assert "deployme answered 401 to GET /v1/clusters" in proc.stdout, proc.stdout[-2000:]
    assert token not in proc.stdout + proc.stderr
    assert not (tmp_path / "r.html").exists()
