"""output/report.html: what the tables say, at a glance.

The page is one self-contained file (inline style and script, no network): per-council
coverage figures, a heatmap of councils × actions grouped by theme and section whose cells
show the evidence sentence on hover and open it on click, the actions no council addressed,
and the evidence records themselves, each with an anchor. Built from the validated tables,
without timestamps, so the same input gives the same page.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from html import escape
from itertools import groupby

from .tables import Row, council_key

_STYLE = """
body{font-family:Arial,Helvetica,sans-serif;margin:24px;color:#1d1d1d}
h1{font-size:22px}h2{font-size:18px;margin-top:32px}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 6px;font-size:12px}
table.figures td.n{text-align:right}
.heatmap th.council{text-align:left;white-space:nowrap;position:sticky;left:0;background:#fff}
.heatmap thead th{font-weight:normal;background:#f3f3f3}
.heatmap th.theme{font-weight:bold}
.heatmap th.action{writing-mode:vertical-rl;transform:rotate(180deg);height:70px;padding:2px}
.heatmap td{width:14px;height:18px;padding:0;text-align:center}
.heatmap td.gap{background:#fbe3e3}
.heatmap td a{display:block;width:100%;height:100%;text-decoration:none;color:transparent}
#evidence{position:fixed;right:16px;bottom:16px;max-width:460px;background:#fffbe6;border:1px solid #d9c36a;
padding:10px;font-size:13px;display:none;box-shadow:0 2px 8px rgba(0,0,0,.2)}
li.record{margin-bottom:8px}li.record:target{background:#fffbe6}
.legend span{display:inline-block;width:14px;height:14px;vertical-align:middle;margin:0 4px 0 12px}
"""

_SCRIPT = """
document.querySelectorAll('.heatmap td[data-evidence]').forEach(function (cell) {
  cell.addEventListener('click', function (event) {
    var box = document.getElementById('evidence');
    box.textContent = cell.getAttribute('data-evidence');
    box.style.display = 'block';
  });
});
document.getElementById('councils').setAttribute('data-ready', 'true');
"""


def councils_of(tables: dict[str, list[Row]]) -> list[Row]:
    """The report's rows: one per council with a plan (council_coverage's unit) with its
    documents, then each document read without a plan, shown as such."""
    units = {council_key(c["council"]): c["council"] for c in tables["council_coverage"]}
    sources: dict[str, list[str]] = defaultdict(list)
    records: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    kinds = Counter((r["doc_id"], r["kind"]) for r in tables["records"])
    for doc in (d for d in tables["documents"] if d["plan_found"]):
        unit = units[council_key(doc["council"] or doc["source_file"])]
        sources[unit].append(doc["source_file"])
        for kind in ("required_action", "response"):
            records[unit][kind] += kinds[(doc["doc_id"], kind)]
    rows = [{"unit": unit, "name": unit, "sources": ", ".join(sources[unit]), "plan": True, "kinds": records[unit]}
            for unit in units.values()]
    rows += [{"unit": d["doc_id"], "name": d["council"] or d["source_file"], "sources": d["source_file"],
              "plan": False, "kinds": {}}
             for d in tables["documents"] if d["status"] == "ok" and not d["plan_found"]]
    return rows


def report_html(tables: dict[str, list[Row]]) -> str:
    documents = councils_of(tables)
    planned = [c for c in documents if c["plan"]]
    actions = tables["actions"]
    records = {r["record_id"]: r for r in tables["records"]}
    cells = {(c["council"], c["action_id"]): c for c in tables["council_coverage"]}
    parts = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
             "<title>Winter plan coverage</title>", f"<style>{_STYLE}</style></head><body>",
             "<h1>Councils' winter plans: coverage of the national plan's required actions</h1>",
             _figures(documents, cells, len(actions)),
             "<h2>Coverage heatmap</h2>",
             "<p class='legend'>Each cell is one council and one required action. <span style='background:#1a7f37'>"
             "</span>addressed (darker = stronger evidence) <span style='background:#fbe3e3'></span>no evidence "
             "found. Hover for the evidence sentence, click to pin it, follow the link to the record.</p>",
             _heatmap(planned, actions, cells, records),
             "<h2>Actions no council addressed</h2>", _unaddressed(planned, actions, cells),
             "<h2>Evidence records</h2>", _evidence(planned, cells, records),
             "<div id='evidence' role='status'></div>", f"<script>{_SCRIPT}</script></body></html>"]
    return "\n".join(parts) + "\n"


def _figures(councils: list[Row], cells: dict, n_actions: int) -> str:
    addressed = Counter(unit for (unit, _), cell in cells.items() if cell["addressed"])
    rows = ["<table class='figures' id='councils'><thead><tr><th>Council</th><th>Sources</th>"
            "<th>Required actions stated</th><th>Responses</th><th>Actions addressed</th><th>Share</th>"
            "</tr></thead><tbody>"]
    for council in councils:
        kinds = council["kinds"]
        if council["plan"]:
            share = addressed[council["unit"]] / n_actions if n_actions else 0.0
            found = f"<td class='n'>{addressed[council['unit']]} / {n_actions}</td><td class='n'>{share:.0%}</td>"
        else:
            found = "<td colspan='2'>no plan found in this document (not counted)</td>"
        rows.append(f"<tr><td class='council'>{escape(council['name'])}</td><td>{escape(council['sources'])}</td>"
                    f"<td class='n'>{kinds.get('required_action', 0)}</td><td class='n'>{kinds.get('response', 0)}</td>"
                    f"{found}</tr>")
    rows.append("</tbody></table>")
    return "".join(rows)


def _heatmap(documents: list[Row], actions: list[Row], cells: dict, records: dict[str, Row]) -> str:
    themes = [(key, list(group)) for key, group in groupby(actions, key=lambda a: (a["theme_no"], a["theme"]))]
    head = ["<table class='heatmap'><thead><tr><th class='council' rowspan='3'>Council</th>"]
    head += [f"<th class='theme' colspan='{len(group)}' title='{escape(title, True)}'>Theme {number}</th>"
             for (number, title), group in themes]
    head.append("</tr><tr>")
    for _, group in themes:
        for section, members in groupby(group, key=lambda a: a["section"]):
            span = len(list(members))
            head.append(f"<th colspan='{span}' title='{escape(section, True)}'>{escape(section[:3 * span])}</th>")
    head.append("</tr><tr>")
    head += [f"<th class='action' title='{escape(a['text'], True)}'>{escape(a['action_id'])}</th>" for a in actions]
    head.append("</tr></thead><tbody>")
    for doc in documents:
        head.append(f"<tr><th class='council'>{escape(_name(doc))}</th>")
        head += [_cell(doc, action, cells.get((doc["unit"], action["action_id"])), records) for action in actions]
        head.append("</tr>")
    head.append("</tbody></table>")
    return "".join(head)


def _cell(doc: Row, action: Row, cell: Row | None, records: dict[str, Row]) -> str:
    if not cell or not cell["addressed"]:
        return f"<td class='gap' title='{escape(action['action_id'])}: no evidence found'></td>"
    record = records[cell["evidence_record_id"]]
    page = f", page {record['page']}" if record["page"] else ""
    evidence = (f"{action['action_id']} — {_name(doc)}, score {cell['best_score']:.2f}, "
                f"{cell['n_records']} record(s){page}: {record['text']}")
    shade = 0.35 + 0.65 * cell["best_score"]
    return (f"<td style='background:rgba(26,127,55,{shade:.2f})' title='{escape(evidence, True)}' "
            f"data-evidence='{escape(evidence, True)}'><a href='#rec-{escape(record['record_id'])}'>"
            f"{escape(action['action_id'])}</a></td>")


def _unaddressed(documents: list[Row], actions: list[Row], cells: dict) -> str:
    if not documents:
        return "<p>No plan was read in this run.</p>"
    missing = [a for a in actions
               if documents and not any(cells.get((d["unit"], a["action_id"]), {}).get("addressed") for d in documents)]
    if not missing:
        return "<p>Every action was addressed by at least one council.</p>"
    items = "".join(f"<li><b>{escape(a['action_id'])}</b> ({escape(a['section'])}): {escape(a['text'])}</li>"
                    for a in missing)
    return f"<ul id='unaddressed'>{items}</ul>"


def _evidence(documents: list[Row], cells: dict, records: dict[str, Row]) -> str:
    parts = []
    for doc in documents:
        ids = sorted({c["evidence_record_id"] for (doc_id, _), c in cells.items()
                      if doc_id == doc["unit"] and c["evidence_record_id"]})
        items = []
        for record_id in ids:
            record = records[record_id]
            where = ", ".join(x for x in (record["section"], f"page {record['page']}" if record["page"] else "") if x)
            items.append(f"<li class='record' id='rec-{escape(record_id)}'><code>{escape(record_id)}</code> "
                         f"{escape(where)}<br>{escape(record['text'])}</li>")
        parts.append(f"<h3>{escape(_name(doc))}</h3><ul>{''.join(items)}</ul>")
    return "".join(parts)


def _name(council: Row) -> str:
    return council["name"]
