"""output/report.html: what the tables say, at a glance, as one self-contained page.

Rendered from `templates/report.html.j2` (Jinja2, autoescaped; its style and script inlined
from the same folder, no network): per-council figures; a search box that filters councils,
actions and evidence as you type (or from `?q=` in the address); a heatmap of councils ×
actions grouped by theme and section with sticky headers, each addressed cell showing its
evidence on hover and pinning it (closable) on click; a view per action (its wording, the
councils that address it and their evidence sentences) and per council (addressed, in review,
not found). Councils count as council_coverage counts them; documents without a plan are listed
as such. No timestamps: the same tables give the same page.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache
from itertools import groupby
from pathlib import Path


from .tables import Digest, Row, council_key, council_unit

TEMPLATE = "report.html.j2"


@lru_cache(maxsize=1)
def environment():
    # imported when writing: a run that leaves its outputs as they were never loads it
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(loader=PackageLoader("pipeline.write", "templates"), autoescape=select_autoescape(["j2", "html"]),
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def report_template():
    """The page's template, compiled (once per process: Jinja2 keeps it)."""
    return environment().get_template(TEMPLATE)


def write_report(path: Path, tables: dict[str, list[Row]], digest: Digest) -> None:
    """Render the page into `path` as it is made (a year's report runs to megabytes).
    `tables`: documents, actions and council_coverage; `digest` stands for the records and matches."""
    with path.open("w", encoding="utf-8") as handle:
        handle.writelines(report_template().generate(**report_context(tables, digest)))


def report_context(tables: dict[str, list[Row]], digest: Digest) -> dict:
    """Everything the template shows, as plain data."""
    actions = tables["actions"]
    records = digest.evidence
    cells = {(c["council"], c["action_id"]): c for c in tables["council_coverage"]}
    listed = councils_of(tables, digest)
    councils = [c for c in listed if c["plan"]]
    review = review_candidates(tables, digest)
    for council in councils:
        council["anchor"] = anchor("council", council["name"])
        council["cells"] = [cell_view(cells.get((council["name"], a["action_id"])), a, council["name"], records)
                            for a in actions]
        council["addressed"] = [cell for cell in council["cells"] if cell["addressed"]]
        council["missing"] = [a for a, cell in zip(actions, council["cells"]) if not cell["addressed"]]
        council["review"] = review.get(council_key(council["name"]), [])
        council["share"] = len(council["addressed"]) / len(actions) if actions else 0.0
    per_action = []
    for number, action in enumerate(actions):
        found = [dict(council["cells"][number], council=council["name"]) for council in councils
                 if council["cells"][number]["addressed"]]
        per_action.append({**action, "anchor": anchor("action", action["action_id"]), "councils": found})
    return {"councils": councils, "no_plan": [c for c in listed if not c["plan"]],
            "actions": per_action, "themes": themes_of(actions), "n_actions": len(actions),
            "unaddressed": [a for a in per_action if not a["councils"]] if councils else []}


def councils_of(tables: dict[str, list[Row]], digest: Digest) -> list[Row]:
    """One row per council with a plan (council_coverage's unit) with its documents, then
    each document read without a plan, shown as such."""
    units = {council_key(c["council"]): c["council"] for c in tables["council_coverage"]}
    sources: dict[str, list[str]] = defaultdict(list)
    records: dict[str, Counter] = defaultdict(Counter)
    kinds = digest.kinds
    for doc in (d for d in tables["documents"] if d["plan_found"]):
        unit = units[council_key(doc["council"] or doc["source_file"])]
        sources[unit].append(doc["source_file"])
        for kind in ("required_action", "response"):
            records[unit][kind] += kinds[(doc["doc_id"], kind)]
    rows = [{"name": unit, "sources": ", ".join(sources[unit]), "plan": True, "kinds": records[unit]}
            for unit in units.values()]
    rows += [{"name": d["council"] or d["source_file"], "sources": d["source_file"], "plan": False, "kinds": Counter()}
             for d in tables["documents"] if d["status"] == "ok" and not d["plan_found"]]
    return rows


STATUS_LETTERS = {"done": "D", "in_progress": "I", "ongoing": "O", "planned": "P"}  # a heatmap cell's letter


def cell_view(cell: Row | None, action: Row, council: str, records: dict[str, Row]) -> dict:
    if not cell or not cell["addressed"]:
        return {"action_id": action["action_id"], "addressed": False}
    record = records[cell["evidence_record_id"]]
    return {"action_id": action["action_id"], "action_text": action["text"], "addressed": True,
            "score": cell["best_score"], "shade": round(0.35 + 0.65 * cell["best_score"], 2),
            "n_records": cell["n_records"], "record_id": record["record_id"], "text": record["text"],
            "page": record["page"], "section": record["section"],
            "status": cell["best_status"] or "", "letter": STATUS_LETTERS.get(cell["best_status"], ""),
            "tip": f"{action['action_id']} — {council}, score {cell['best_score']:.2f}"
                   f"{', ' + cell['best_status'].replace('_', ' ') if cell['best_status'] else ''}: {record['text']}"}


def review_candidates(tables: dict[str, list[Row]], digest: Digest) -> dict[str, list[dict]]:
    """Per council: the responses' `review` candidates, best first."""
    units = {d["doc_id"]: council_key(council_unit(d)) for d in tables["documents"]}
    texts = {a["action_id"]: a["text"] for a in tables["actions"]}
    found: dict[str, list[dict]] = defaultdict(list)
    for doc_id, candidates in digest.review.items():
        found[units[doc_id]].extend({**candidate, "action_text": texts[candidate["action_id"]]}
                                    for candidate in candidates)
    return {unit: sorted(items, key=lambda item: (-item["score"], item["record_id"])) for unit, items in found.items()}


def themes_of(actions: list[Row]) -> list[dict]:
    themes = []
    for (number, title), members in groupby(actions, key=lambda a: (a["theme_no"], a["theme"])):
        members = list(members)
        sections = [{"name": name, "size": len(list(group))} for name, group in groupby(members, key=lambda a: a["section"])]
        themes.append({"number": number, "title": title, "size": len(members), "sections": sections})
    return themes


def anchor(kind: str, name: str) -> str:
    return f"{kind}-" + re.sub(r"[^A-Za-z0-9.]+", "-", name).strip("-")
