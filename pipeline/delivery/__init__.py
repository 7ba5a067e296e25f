"""After segment, before match: what each response says of delivery, from its own words.
Its status (done, in progress, ongoing, planned: `status`) and the quantities and dates it
gives (`facts`). Required-action records quote the national plan, so they get neither."""

from __future__ import annotations

from dataclasses import replace

from ..models import Fact, Plan
from .facts import text_facts
from .status import STATUSES, text_status

__all__ = ["STATUSES", "describe_plan", "text_facts", "text_status"]


def describe_plan(plan: Plan, plan_year: int) -> Plan:
    """The plan with each response's status and every response's facts."""
    records, facts = [], []
    for record in plan.records:
        if record.kind != "response":
            records.append(replace(record, status="none", status_evidence=""))
            continue
        status = text_status(record.text)
        records.append(replace(record, status=status.status, status_evidence=status.evidence))
        facts += [Fact(record.record_id, number, fact.kind, fact.span, fact.value, fact.qualifier)
                  for number, fact in enumerate(text_facts(record.text, plan_year), start=1)]
    return replace(plan, records=tuple(records), facts=tuple(facts))
