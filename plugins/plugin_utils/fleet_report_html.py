# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet report as one HTML page that needs nothing else: no network, no file beside it.

Styles and the table-sorting script are inline, and the charts are SVG drawn here, so the page
opens from a mail attachment or an AWX artifact as it does from disk; its Content-Security-Policy
forbids every outside resource, so a later change that adds one fails in the browser test rather
than at a reader's desk. Every value from a provider is escaped.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from ansible_collections.kaas.cloud.plugins.plugin_utils.fleet_report import autoscaler_ranges, version_key

PROVIDER_NAMES = {
    "nks": "NHN Cloud NKS",
    "itcare": "Cegedim ITCare",
    "deployme": "deployme.cloud",
    "ecns": "EasyStack ECNS",
}
PROVIDER_COLOURS = {"nks": "#2f6fdf", "itcare": "#8a4fd8", "deployme": "#1f9d74", "ecns": "#d9822b"}
PALETTE = ("#2f6fdf", "#1f9d74", "#d9822b", "#8a4fd8", "#c2417a", "#5b6b7c", "#b3a100", "#3aa6c9")
STYLE = """
:root{--fg:#1d2733;--muted:#5b6b7c;--line:#d8dee6;--bg:#f6f8fa;--ok:#1f9d74;--warn:#d9822b;--bad:#c23b3b}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:#fff}
header{padding:18px 28px;background:var(--bg);border-bottom:1px solid var(--line)}
h1{margin:0;font-size:22px}
header p{margin:4px 0 0;color:var(--muted)}
main{padding:8px 28px 40px}
h2{font-size:17px;margin:26px 0 10px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin-top:16px}
.card{border:1px solid var(--line);border-radius:8px;
padding:10px 16px;min-width:130px;background:#fff}
.card b{display:block;font-size:24px}
.card span{color:var(--muted)}
.card.warn b{color:var(--warn)}
.card.bad b{color:var(--bad)}
.charts{display:flex;flex-wrap:wrap;gap:24px}
figure{margin:0;border:1px solid var(--line);border-radius:8px;padding:12px}
figcaption{font-weight:600;margin-bottom:6px}
svg text{font:12px system-ui,sans-serif;fill:var(--fg)}
svg .muted{fill:var(--muted)}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:var(--bg);position:sticky;top:0}
table.sortable th{cursor:pointer;user-select:none;white-space:nowrap}
th[aria-sort=ascending]::after{content:" \\25B2"}
th[aria-sort=descending]::after{content:" \\25BC"}
td.num,th.num{text-align:right}
td.nowrap{white-space:nowrap}
.scroll{overflow-x:auto}
.pill{display:inline-block;padding:0 7px;border-radius:9px;font-size:12px;
background:var(--bg);border:1px solid var(--line)}
.ok{color:var(--ok)}
.warn{color:var(--warn)}
.bad{color:var(--bad)}
.muted{color:var(--muted)}
.dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:5px;vertical-align:baseline}
code{font-size:12px}
.legend span{margin-right:14px;white-space:nowrap}
"""
# Sorts a table by the clicked column: a cell's data-sort when it has one, else its text;
# columns marked data-type="number" compare as numbers, empty values last.
SCRIPT = """
(function(){
  function key(row, index, numeric){
    var cell = row.cells[index];
    var raw = cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent.trim();
    if (!numeric) return raw.toLowerCase();
    var number = parseFloat(raw); return isNaN(number) ? null : number;
  }
  function sortBy(table, th){
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var numeric = th.getAttribute('data-type') === 'number';
    var ascending = th.getAttribute('aria-sort') !== 'ascending';
    Array.prototype.forEach.call(th.parentNode.children, function(other){ other.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var body = table.tBodies[0]; var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function(a, b){
      var x = key(a, index, numeric), y = key(b, index, numeric);
      if (x === y) return 0; if (x === null || x === '') return 1; if (y === null || y === '') return -1;
      return (x < y ? -1 : 1) * (ascending ? 1 : -1);
    });
    rows.forEach(function(row){ body.appendChild(row); });
  }
  document.querySelectorAll('table.sortable').forEach(function(table){
    table.tHead.querySelectorAll('th').forEach(function(th){
      th.addEventListener('click', function(){ sortBy(table, th); });
    });
  });
})();
"""
POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _provider(name: str) -> str:
    colour = PROVIDER_COLOURS.get(name, "#5b6b7c")
    return f'<span class="dot" style="background:{colour}"></span>{_e(PROVIDER_NAMES.get(name, name))}'


# -- charts -------------------------------------------------------------------------------


def _hbar_chart(
    chart_id: str, rows: list[tuple[str, list[tuple[str, int, str]]]], label_width: int = 150, width: int = 460
) -> str:
    """Horizontal stacked bars: one row per label, segments ``(name, count, colour)``."""
    top = max((sum(n for _s, n, _c in segments) for _l, segments in rows), default=0) or 1
    thickness, gap = 20, 8
    height = len(rows) * (thickness + gap) + 6
    scale = (width - label_width - 40) / top
    parts = [f'<svg id="{chart_id}" width="{width}" height="{height}" role="img" viewBox="0 0 {width} {height}">']
    for number, (label, segments) in enumerate(rows):
        y = number * (thickness + gap) + 3
        parts.append(f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end">{_e(label)}</text>')
        x = float(label_width)
        for segment, count, colour in segments:
            if not count:
                continue
            length = count * scale
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{thickness}" fill="{colour}" '
                f'data-label="{_e(label)}" data-segment="{_e(segment)}" data-count="{count}">'
                f"<title>{_e(label)}: {count} {_e(segment)}</title></rect>"
            )
            x += length
        total = sum(n for _s, n, _c in segments)
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 15}" class="muted">{total}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _legend(items: list[tuple[str, str]]) -> str:
    spans = "".join(f'<span><span class="dot" style="background:{c}"></span>{_e(t)}</span>' for t, c in items)
    return f'<div class="legend">{spans}</div>'


HEALTH_COLOURS = {
    "ready": "#1f9d74",
    "changing": "#d9822b",
    "failed": "#c23b3b",
    "not reported": "#9aa5b1",
    "other": "#5b6b7c",
}
SHORT_NAMES = {"nks": "NKS", "itcare": "ITCare", "deployme": "deployme", "ecns": "ECNS"}


def _status_chart(report: dict[str, Any]) -> str:
    """Clusters per provider by what their status means; each provider's own words in the tooltips."""
    words: dict[tuple[str, str], list[str]] = {}
    for row in report["clusters"]:
        if row["status"] != "absent":
            words.setdefault((row["provider"], row["health"]), []).append(row["status"])
    rows = [
        (
            PROVIDER_NAMES.get(provider, provider),
            [
                (f"{h} ({', '.join(sorted(set(words[(provider, h)])))})", n, HEALTH_COLOURS[h])
                for h, n in sorted(counts.items(), key=lambda item: list(HEALTH_COLOURS).index(item[0]))
            ],
        )
        for provider, counts in report["summary"]["health"].items()
    ]
    shown = {h for counts in report["summary"]["health"].values() for h in counts}
    return _hbar_chart("chart-providers", rows) + _legend([(h, c) for h, c in HEALTH_COLOURS.items() if h in shown])


def _size_chart(report: dict[str, Any]) -> str:
    """Nodes per size over the fleet, coloured by provider (sizes are each provider's own names)."""
    counted: dict[tuple[str, str], int] = {}
    for row in report["clusters"]:
        for size, count in row["node_sizes"].items():
            counted[(row["provider"], size)] = counted.get((row["provider"], size), 0) + count
    rows = [
        (f"{SHORT_NAMES.get(p, p)} {_short(size)}", [(size, n, PROVIDER_COLOURS.get(p, "#5b6b7c"))])
        for (p, size), n in sorted(counted.items(), key=lambda item: (-item[1], item[0]))
    ]
    return _hbar_chart("chart-sizes", rows, label_width=190)


def _short(size: str) -> str:
    """A flavor id cut to its first block (NKS sizes are UUIDs); the whole id is in the tooltip."""
    return size.split("-")[0] + "…" if len(size) > 24 else size


LAG_COLOURS = (
    ("up to date", "#1f9d74"),
    ("1 minor behind", "#d9822b"),
    ("2+ behind", "#c23b3b"),
    ("unknown", "#9aa5b1"),
)


def _lag(row: dict[str, Any]) -> str:
    behind = row["minors_behind"]
    if behind is None:
        return "unknown"
    return LAG_COLOURS[min(behind, 2)][0]


def _version_chart(report: dict[str, Any]) -> str:
    """Clusters per provider and version, coloured by how far behind the newest offered they are."""
    colours = dict(LAG_COLOURS)
    rows = []
    for row in report["clusters"]:
        if row["status"] == "absent":
            continue
        rows.append((row["provider"], row["version"] or "no version", _lag(row)))
    counted: dict[tuple[str, str], dict[str, int]] = {}
    for provider, version, lag in rows:
        counted.setdefault((provider, version), {}).setdefault(lag, 0)
        counted[(provider, version)][lag] += 1
    chart_rows = [
        (f"{SHORT_NAMES.get(p, p)} {v}", [(lag, n, colours[lag]) for lag, n in sorted(lags.items())])
        for (p, v), lags in sorted(counted.items())
    ]
    return _hbar_chart("chart-versions", chart_rows) + _legend(list(LAG_COLOURS))


def _node_chart(report: dict[str, Any]) -> str:
    present = [r for r in report["clusters"] if r["status"] != "absent" and r["node_count"] is not None]
    present.sort(key=lambda r: (-r["node_count"], r["name"]))
    rows = [
        (
            r["name"],
            [
                (
                    PROVIDER_NAMES.get(r["provider"], r["provider"]),
                    r["node_count"],
                    PROVIDER_COLOURS.get(r["provider"], "#5b6b7c"),
                )
            ],
        )
        for r in present
    ]
    providers = sorted({r["provider"] for r in present})
    return _hbar_chart("chart-nodes", rows) + _legend(
        [(PROVIDER_NAMES.get(p, p), PROVIDER_COLOURS[p]) for p in providers]
    )


# -- tables -------------------------------------------------------------------------------


def _cell(value: Any, sort: Any = None, css: str = "") -> str:
    attributes = f' data-sort="{_e(sort)}"' if sort is not None else ""
    attributes += f' class="{css}"' if css else ""
    return f"<td{attributes}>{value}</td>"


def _head(columns: list[tuple[str, str]]) -> str:
    cells = "".join(
        f'<th data-type="number" class="num">{_e(t)}</th>' if kind == "number" else f"<th>{_e(t)}</th>"
        for t, kind in columns
    )
    return f"<thead><tr>{cells}</tr></thead>"


def _version_cell(row: dict[str, Any]) -> str:
    behind, css = (
        row["minors_behind"],
        {"up to date": "ok", "1 minor behind": "warn", "2+ behind": "bad"}.get(_lag(row), "muted"),
    )
    note = "" if behind is None else (" up to date" if behind == 0 else f" {behind} behind")
    if row["supported"] is False:
        note += ", not offered"
    return f'{_e(row["version"] or "—")} <span class="{css}">{_e(note.strip(", ") and note)}</span>'


def _acl_cell(acl: dict[str, Any]) -> str:
    state = acl["state"]
    if state == "on":
        targets = f"{_e(acl.get('action'))} {acl.get('targets', 0)} target(s)"
        return f'<span class="ok">on</span> <span class="muted">{targets}</span>'
    css = {"off": "warn"}.get(state, "muted")
    return f'<span class="{css}">{_e(state)}</span>'


def _certificate_cell(certificate: dict[str, Any]) -> tuple[str, Any]:
    if "days_left" not in certificate:
        return f'<span class="muted">{_e(certificate["state"])}</span>', ""
    css = "bad" if certificate["state"] == "expiring" else "ok"
    title = f' title="expires {_e(certificate.get("expiry"))}"' if certificate.get("expiry") else ""
    return f'<span class="{css}"{title}>{certificate["days_left"]} days</span>', certificate["days_left"]


def _drift_cell(drift: dict[str, Any] | None) -> str:
    if drift is None:
        return '<span class="muted">—</span>'
    css = {"unchanged": "ok", "change": "warn", "create": "warn", "refused": "bad", "failed": "bad"}.get(
        drift["action"], "muted"
    )
    keys = [c["key"] for c in [*drift["changes"], *drift["refused"]]]
    detail = f' <span class="muted">{_e(", ".join(keys))}</span>' if keys else ""
    return f'<span class="pill {css}">{_e(drift["action"])}</span>{detail}'


def _clusters_table(report: dict[str, Any], planned: bool) -> str:
    columns = [
        ("Provider", "text"),
        ("Region", "text"),
        ("Cluster", "text"),
        ("Status", "text"),
        ("Version", "text"),
        ("Newest offered", "text"),
        ("Minors behind", "number"),
        ("Nodes", "number"),
        ("Node sizes", "text"),
        ("Autoscaler ranges", "text"),
        ("API IP ACL", "text"),
        ("Certificate", "number"),
    ]
    if planned:
        columns.append(("Drift", "text"))
    body = []
    for row in report["clusters"]:
        sizes = ", ".join(
            f'<span title="{_e(size)}">{_e(_short(size))}</span>&nbsp;&times;&nbsp;{count}'
            for size, count in row["node_sizes"].items()
        )
        certificate, days = _certificate_cell(row["certificate"])
        latest = row["latest_version"]
        source = {"provider": "", "fleet": " (newest in fleet)", "none": ""}[row["versions_from"]]
        cells = [
            _cell(_provider(row["provider"]), row["provider"], "nowrap"),
            _cell(_e(row["region"] or "")),
            _cell(
                f"<b>{_e(row['name'])}</b>"
                + (
                    f' <span class="bad" title="{_e(row["read_error"])}">(not all read)</span>'
                    if row["read_error"]
                    else ""
                ),
                css="nowrap",
            ),
            _cell(_e(row["status"])),
            _cell(_version_cell(row), ".".join(f"{p:04d}" for p in _parts(row["version"]))),
            _cell(_e(latest or "") + f'<span class="muted">{_e(source)}</span>'),
            _cell(
                "" if row["minors_behind"] is None else row["minors_behind"],
                row["minors_behind"] if row["minors_behind"] is not None else "",
                "num",
            ),
            _cell(
                "" if row["node_count"] is None else row["node_count"],
                row["node_count"] if row["node_count"] is not None else "",
                "num",
            ),
            _cell(sizes),
            _cell(_e(autoscaler_ranges(row)) or '<span class="muted">not offered</span>'),
            _cell(_acl_cell(row["ip_acl"]), row["ip_acl"]["state"]),
            _cell(certificate, days, "num"),
        ]
        if planned:
            cells.append(_cell(_drift_cell(row["drift"]), (row["drift"] or {}).get("action", "")))
        attributes = " ".join(
            f'data-{k}="{_e(v)}"'
            for k, v in (
                ("provider", row["provider"]),
                ("name", row["name"]),
                ("status", row["status"]),
                ("version", row["version"] or ""),
                ("nodes", "" if row["node_count"] is None else row["node_count"]),
            )
        )
        body.append(f"<tr {attributes}>{''.join(cells)}</tr>")
    return f'<table id="clusters" class="sortable">{_head(columns)}<tbody>{"".join(body)}</tbody></table>'


def _parts(version: Any) -> tuple[int, ...]:
    return version_key(version) or ()


def _drift_table(report: dict[str, Any]) -> str:
    body = []
    for row in report["clusters"]:
        drift = row["drift"]
        if drift is None or drift["action"] == "unchanged":
            continue
        name = f"{_provider(row['provider'])} <b>{_e(row['name'])}</b>"
        items = [("change", c) for c in drift["changes"]] + [("refused", r) for r in drift["refused"]]
        if not items:
            items = [(drift["action"], {"key": "", "before": None, "after": None, "reason": drift["error"]})]
        for kind, item in items:
            body.append(
                f'<tr data-name="{_e(row["name"])}" data-action="{_e(drift["action"])}">'
                + _cell(name, f"{row['provider']} {row['name']}")
                + _cell(_drift_cell({**drift, "changes": [], "refused": []}), drift["action"])
                + _cell(f"<code>{_e(item.get('key'))}</code>")
                + _cell(f"<code>{_e(_show(item.get('before')))}</code>")
                + _cell(f"<code>{_e(_show(item.get('after')))}</code>")
                + _cell(_e(item.get("reason") or (drift["error"] if kind != "change" else "")))
                + "</tr>"
            )
    if not body:
        return '<p class="ok">Every declared cluster is as declared.</p>'
    columns = [
        ("Cluster", "text"),
        ("Action", "text"),
        ("Key", "text"),
        ("Now", "text"),
        ("Declared", "text"),
        ("Why", "text"),
    ]
    return f'<table id="drift" class="sortable">{_head(columns)}<tbody>{"".join(body)}</tbody></table>'


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    return str(value)


def _versions_table(report: dict[str, Any]) -> str:
    body = []
    for provider, offered in sorted(report["versions"].items()):
        source = {
            "provider": "the provider's list",
            "fleet": "newest in the fleet (the provider lists none)",
            "none": "—",
        }[offered["source"]]
        body.append(
            f'<tr data-provider="{_e(provider)}">'
            + _cell(_provider(provider), provider)
            + _cell(_e(", ".join(offered["versions"]) or "—"))
            + _cell(f"<b>{_e(offered['latest'] or '—')}</b>")
            + _cell(_e(source))
            + "</tr>"
        )
    columns = [("Provider", "text"), ("Versions", "text"), ("Newest", "text"), ("Measured against", "text")]
    return f'<table id="versions" class="sortable">{_head(columns)}<tbody>{"".join(body)}</tbody></table>'


def _cards(report: dict[str, Any]) -> str:
    summary = report["summary"]
    cards = [
        ("clusters", summary["clusters"], ""),
        ("nodes", summary["nodes"], ""),
        ("providers", len(summary["providers"]), ""),
        ("behind on Kubernetes", summary["behind"], "warn" if summary["behind"] else ""),
        ("API open to all (IP ACL off)", summary["ip_acl_off"], "warn" if summary["ip_acl_off"] else ""),
        (
            "certificates expiring < 30 days",
            summary["certificates_expiring"],
            "bad" if summary["certificates_expiring"] else "",
        ),
    ]
    for action, count in sorted((summary["drift"] or {}).items()):
        cards.append((f"drift: {action}", count, "" if action == "unchanged" else "warn"))
    return (
        '<div class="cards">'
        + "".join(
            f'<div class="card {css}" data-card="{_e(title)}"><b>{value}</b><span>{_e(title)}</span></div>'
            for title, value, css in cards
        )
        + "</div>"
    )


def _figure(caption: str, chart: str) -> str:
    return f"<figure><figcaption>{_e(caption)}</figcaption>{chart}</figure>"


def to_html(report: dict[str, Any]) -> str:
    planned = report["summary"]["drift"] is not None
    generated = f"Generated {_e(report['generated_at'])}. " if report.get("generated_at") else ""
    sections = [
        _cards(report),
        "<h2>Overview</h2>",
        '<div class="charts">',
        _figure("Clusters per provider and status", _status_chart(report)),
        _figure("Kubernetes versions against the newest offered", _version_chart(report)),
        _figure("Nodes per cluster", _node_chart(report)),
        _figure("Nodes per size", _size_chart(report)),
        "</div>",
        "<h2>Clusters</h2>",
        '<p class="muted">Click a column\'s title to sort by it. '
        "&ldquo;not offered&rdquo;: the provider's API has no such setting.</p>",
        f'<div class="scroll">{_clusters_table(report, planned)}</div>',
        "<h2>Versions each provider offers</h2>",
        _versions_table(report),
    ]
    if planned:
        sections += ["<h2>Drift from the desired state</h2>", _drift_table(report)]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="icon" href="data:,">'
        "<title>kaas.cloud fleet report</title>"
        f"<style>{STYLE}</style></head><body>"
        "<header><h1>kaas.cloud fleet report</h1>"
        f"<p>{generated}{report['summary']['clusters']} clusters on "
        f"{len(report['summary']['providers'])} providers.</p></header>"
        f"<main>{''.join(sections)}</main>"
        f"<script>{SCRIPT}</script></body></html>\n"
    )
