"""How good the matcher is on hand-labelled plans: `python -m pipeline evaluate`.

Labels are a CSV with the columns council, seq, text, action_ids (space-separated; empty
when the record addresses nothing). Four regimes are scored:

* in context: the normal run, using section and group;
* own words: each plan's labelled responses alone under the plan's own theme and section
  headings, the stated national actions removed (how most councils write);
* flat: the responses alone, as paragraphs under one heading (a plan in plain prose);
* text only: each record matched alone against every action, no context at all.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Sequence

from .catalogue import Catalogue
from .ingest import read_document
from .match import Matcher
from .delivery import STATUSES
from .models import FACT_KINDS, RECORD_KINDS, Match, Plan
from .segment import segment_document
from .strings import collapse

Key = tuple[str, int]  # (council, seq)


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    top1: float
    top3: float
    review_share: float
    n_records: int


@dataclass(frozen=True)
class Disagreement:
    """A record whose matched actions differ from its labels."""

    council: str
    seq: int
    kind: str
    labelled: frozenset[str]
    matched: frozenset[str]
    text: str

    def line(self, width: int = 90) -> str:
        missed = " ".join(sorted(self.labelled - self.matched)) or "-"
        extra = " ".join(sorted(self.matched - self.labelled)) or "-"
        text = self.text if len(self.text) <= width else self.text[:width - 1] + "…"
        return f"{self.council} #{self.seq} {self.kind}: missed {missed}; extra {extra}\n    {text}"


@dataclass(frozen=True)
class CoverageScores:
    council: str
    precision: float
    recall: float
    n_gold: int
    n_predicted: int


def load_labels(path: Path) -> dict[Key, tuple[str, frozenset[str]]]:
    """(council, seq) -> (text, action ids)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {(row["council"], int(row["seq"])): (row["text"], frozenset(row["action_ids"].split()))
                for row in csv.DictReader(handle)}


def stale_labels(plans: Sequence[Plan], labels: dict[Key, tuple[str, frozenset[str]]]) -> list[Key]:
    """Labels whose record is missing or whose text differs: the labels need review."""
    texts = {(r.council, r.seq): r.text for plan in plans for r in plan.records}
    return [key for key, (text, _) in labels.items() if collapse(text) != texts.get(key)]


def score_kind(plans: Sequence[Plan], matches: Iterable[Match], labels: dict[Key, tuple[str, frozenset[str]]],
               kind: str) -> Scores:
    records = {r.record_id: (r.council, r.seq) for plan in plans for r in plan.records if r.kind == kind}
    ranked: dict[str, list[Match]] = {record_id: [] for record_id in records}
    for match in matches:
        if match.record_id in ranked:
            ranked[match.record_id].append(match)
    gold = {(rid, a) for rid, key in records.items() for a in labels.get(key, ("", frozenset()))[1]}
    predicted = {(m.record_id, m.action_id) for ms in ranked.values() for m in ms if m.status == "matched"}
    hits = len(gold & predicted)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    labelled = [rid for rid, key in records.items() if labels.get(key, ("", frozenset()))[1]]
    def top(rid: str, n: int) -> bool:
        best = [m.action_id for m in sorted(ranked[rid], key=lambda m: m.rank)[:n]]
        return bool(set(best) & labels[records[rid]][1])
    top1 = sum(top(rid, 1) for rid in labelled) / len(labelled) if labelled else 1.0
    top3 = sum(top(rid, 3) for rid in labelled) / len(labelled) if labelled else 1.0
    in_review = sum(1 for ms in ranked.values() if ms and all(m.status == "review" for m in ms))
    return Scores(precision, recall, f1, top1, top3, in_review / len(records) if records else 0.0, len(records))


def score_coverage(plans: Sequence[Plan], matches: Iterable[Match],
                   labels: dict[Key, tuple[str, frozenset[str]]],
                   gold_actions: dict[str, set[str]] | None = None) -> list[CoverageScores]:
    """Per document: the actions marked addressed (matched responses) against the labels;
    `gold_actions` (per council) when the labelled responses may not all have been read."""
    matched = {(m.record_id, m.action_id) for m in matches if m.status == "matched"}
    results = []
    for plan in plans:
        responses = [r for r in plan.records if r.kind == "response"]
        gold = {a for r in responses for a in labels.get((r.council, r.seq), ("", frozenset()))[1]}
        if gold_actions is not None:
            gold = gold_actions.get(plan.council, set())
        ids = {r.record_id for r in responses}
        predicted = {a for rid, a in matched if rid in ids}
        hits = len(gold & predicted)
        results.append(CoverageScores(plan.council, hits / len(predicted) if predicted else 1.0,
                                      hits / len(gold) if gold else 1.0, len(gold), len(predicted)))
    return results


def disagreements(plans: Sequence[Plan], matches: Iterable[Match],
                  labels: dict[Key, tuple[str, frozenset[str]]]) -> list[Disagreement]:
    """Labelled records, in plan order, whose matched actions are not exactly their labels."""
    matched: dict[str, set[str]] = {}
    for match in matches:
        if match.status == "matched":
            matched.setdefault(match.record_id, set()).add(match.action_id)
    found = []
    for record in (r for plan in plans for r in plan.records):
        if (record.council, record.seq) not in labels:
            continue
        labelled = labels[(record.council, record.seq)][1]
        got = frozenset(matched.get(record.record_id, ()))
        if got != labelled:
            found.append(Disagreement(record.council, record.seq, record.kind, labelled, got, record.text))
    return found


REGIMES = ("in context", "own words", "flat", "text only")


def regime_text(plan: Plan, labels: dict[Key, tuple[str, frozenset[str]]], regime: str) -> str:
    """A plan's labelled responses rewritten as a plan that does not quote the national
    actions: under the plan's own theme and section headings ("own words"), or as plain
    paragraphs under one heading ("flat"). Markdown, read by the text reader."""
    out = [f"# {plan.council} winter plan", ""]
    if regime == "flat":
        out += ["## Our winter plan", ""]
    place: tuple[int | None, str] | None = None
    for record in plan.records:
        if record.kind != "response" or (record.council, record.seq) not in labels:
            continue
        if regime == "own words" and (record.theme_no, record.section) != place:
            if place is None or record.theme_no != place[0]:
                out += [f"## Theme {record.theme_no}: {record.theme}", ""]
            if record.section:
                out += [f"### {record.section}", ""]
            place = (record.theme_no, record.section)
        out += [record.text, ""]
    return "\n".join(out)


def regime_plans(plans: Sequence[Plan], labels: dict[Key, tuple[str, frozenset[str]]], regime: str,
                 catalogue: Catalogue) -> tuple[list[Plan], dict[Key, tuple[str, frozenset[str]]]]:
    """The plans of a regime read back through the pipeline, and the labels carried over to
    their records by text (a response the rewrite cannot place keeps no label)."""
    if regime in ("in context", "text only"):
        return list(plans), labels
    out, carried = [], {}
    for plan in plans:
        by_text = {collapse(value[0]): value for (council, _), value in labels.items() if council == plan.council}
        text = regime_text(plan, labels, regime)
        rewritten = segment_document(read_document(text.encode("utf-8"), f"{regime}.md"), catalogue)
        records = tuple(replace(record, council=plan.council) for record in rewritten.records)
        for record in records:
            if record.text in by_text:
                carried[(plan.council, record.seq)] = by_text[record.text]
        out.append(replace(rewritten, council=plan.council, records=records))
    return out, carried


STATUS_LABELS = "status_labels.csv"  # beside the action labels: each response's delivery status
FACTS_LABELS = "facts_labels.csv"  # and every fact it gives


def load_delivery_labels(labels_path: Path) -> tuple[dict[Key, str], Counter] | None:
    """The status and fact labels beside `labels_path`, or None when there are none."""
    status_path, facts_path = labels_path.parent / STATUS_LABELS, labels_path.parent / FACTS_LABELS
    if not (status_path.is_file() and facts_path.is_file()):
        return None
    with status_path.open(encoding="utf-8", newline="") as handle:
        statuses = {(row["council"], int(row["seq"])): row["status"] for row in csv.DictReader(handle)}
    with facts_path.open(encoding="utf-8", newline="") as handle:
        facts = Counter((row["council"], int(row["seq"]), row["kind"], row["span"], row["value"], row["qualifier"])
                        for row in csv.DictReader(handle))
    return statuses, facts


def delivery_report(plans: Sequence[Plan], statuses: dict[Key, str], facts: Counter) -> list[str]:
    """Status accuracy (the first, heaviest status) per council with a confusion table, and
    fact spans' precision and recall per kind with the share of values (and qualifiers)
    normalised right."""
    lines = ["== delivery: status of each response (first status; labels in status_labels.csv)"]
    confusion: Counter = Counter()
    for plan in plans:
        both = [(statuses[(r.council, r.seq)].split(";"), r.status.split(";")) for r in plan.records
                if (r.council, r.seq) in statuses]
        pairs = [(gold[0], found[0]) for gold, found in both]
        right = sum(gold == found for gold, found in pairs)
        same = sum(set(gold) == set(found) for gold, found in both)
        confusion.update(pairs)
        if pairs:
            lines.append(f"status {plan.council}: accuracy {right / len(pairs):.3f} ({right}/{len(pairs)}); "
                         f"same set of statuses {same / len(pairs):.3f}")
    lines.append(f"{'label/found':<14}" + "".join(f"{name:>13}" for name in STATUSES))
    lines += [f"{gold:<14}" + "".join(f"{confusion[(gold, found)]:>13}" for found in STATUSES) for gold in STATUSES]
    found = Counter((plan.council, r.seq, f.kind, f.span, f.value, f.qualifier) for plan in plans
                    for r, f in _record_facts(plan))
    lines.append("== delivery: facts (labels in facts_labels.csv)")
    lines.append(f"{'kind':<12}{'labelled':>9}{'found':>7}{'P':>7}{'R':>7}{'values':>8}")
    for kind in (*FACT_KINDS, "all"):
        gold = Counter({k[:4]: n for k, n in facts.items() if kind in ("all", k[2])})
        got = Counter({k[:4]: n for k, n in found.items() if kind in ("all", k[2])})
        spans = sum((gold & got).values())
        exact = sum((Counter({k: n for k, n in facts.items() if kind in ("all", k[2])})
                     & Counter({k: n for k, n in found.items() if kind in ("all", k[2])})).values())
        lines.append(f"{kind:<12}{sum(gold.values()):>9}{sum(got.values()):>7}{_share(spans, sum(got.values())):>7.3f}"
                     f"{_share(spans, sum(gold.values())):>7.3f}{_share(exact, spans):>8.3f}")
    return lines


def _record_facts(plan: Plan):
    seq = {r.record_id: r for r in plan.records}
    return [(seq[f.record_id], f) for f in plan.facts if f.record_id in seq]


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def evaluate(plans: Sequence[Plan], matcher: Matcher, labels: dict[Key, tuple[str, frozenset[str]]],
             catalogue: Catalogue, show_disagreements: bool = False,
             delivery: tuple[dict[Key, str], Counter] | None = None) -> str:
    """The evaluation report as text; optionally followed by every record the matcher gets
    wrong in context (what to read before changing the matcher or the labels)."""
    lines = []
    addressed = {plan.council: {a for r in plan.records if r.kind == "response"
                                for a in labels.get((r.council, r.seq), ("", frozenset()))[1]} for plan in plans}
    stale = stale_labels(plans, labels)
    if stale:
        lines.append(f"warning: {len(stale)} labels do not match the records' text (e.g. {stale[0]})")
    for regime in REGIMES:
        use_context = regime != "text only"
        plans_in, labels_in = regime_plans(plans, labels, regime, catalogue)
        matches = [m for plan in plans_in for m in matcher.match(plan, use_context=use_context)]
        lines.append(f"== {regime}")
        lines.append(f"{'kind':<16}{'records':>8}{'P':>7}{'R':>7}{'F1':>7}{'top1':>7}{'top3':>7}{'review':>8}")
        for kind in RECORD_KINDS:
            s = score_kind(plans_in, matches, labels_in, kind)
            lines.append(f"{kind:<16}{s.n_records:>8}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
                         f"{s.top1:>7.3f}{s.top3:>7.3f}{s.review_share:>8.3f}")
        for plan in plans_in:
            read = sum(1 for r in plan.records if (plan.council, r.seq) in labels_in and r.kind == "response")
            if regime in ("own words", "flat"):
                lines.append(f"{plan.council}: {read} labelled responses read as responses")
        for c in score_coverage(plans_in, matches, labels_in, addressed):
            lines.append(f"coverage {c.council}: precision {c.precision:.3f} recall {c.recall:.3f} "
                         f"({c.n_predicted} addressed, {c.n_gold} labelled)")
        if show_disagreements and regime == "in context":
            wrong = disagreements(plans, matches, labels)
            lines.append(f"-- {len(wrong)} records whose matched actions differ from their labels")
            lines.extend(item.line() for item in wrong)
    if delivery:
        lines += delivery_report(plans, *delivery)
    return "\n".join(lines)
