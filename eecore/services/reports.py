"""Read models turned into plain JSON-ready dictionaries for scripts (`--json`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from eecore.domain.ledger import AllocationSummary
from eecore.domain.policy import Policy
from eecore.domain.views import YearPlan


def _number(amount: Decimal) -> int | float:
    """Days as a JSON number: whole days as integers, quarters as exact binary fractions."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def summary_json(summary: AllocationSummary) -> dict[str, Any]:
    """The `left --json` object."""
    return {
        "urn": summary.urn,
        "name": summary.name,
        "kind": summary.kind,
        "kind_label": summary.kind_label,
        "category": summary.category,
        "categorised": summary.categorised,
        "academic_year": summary.academic_year,
        "allocated_days": _number(summary.allocated),
        "adjustment_days": _number(summary.adjustments),
        "delivered_days": _number(summary.delivered),
        "booked_days": _number(summary.booked),
        "planned_days": _number(summary.planned),
        "remaining_days": _number(summary.remaining),
        "unplanned_days": _number(summary.unplanned),
        "over_allocated": summary.over_allocated,
        "note": summary.note,
        "upcoming": [
            {
                "id": item.id,
                "activity": item.activity,
                "activity_name": item.activity_name,
                "half_term": item.window,
                "half_term_label": item.window_label,
                "date": item.date.isoformat() if item.date else None,
                "status": item.status,
                "days": _number(item.days),
            }
            for item in summary.upcoming
        ],
        "overdue": [
            {
                "id": item.id,
                "activity": item.activity,
                "half_term": item.window,
                "date": item.date.isoformat() if item.date else None,
                "status": item.status,
                "days": _number(item.days),
            }
            for item in summary.overdue
        ],
    }


def plan_json(plan: YearPlan) -> dict[str, Any]:
    """The `plan --json` object: the summary and every activity of the year."""
    result = summary_json(plan.summary)
    result.pop("upcoming")
    result.pop("overdue")
    result["activities"] = [
        {
            "id": entry.id,
            "activity": entry.activity,
            "activity_name": entry.activity_name,
            "half_term": entry.window,
            "half_term_label": entry.window_label,
            "month": entry.month,
            "status": entry.status,
            "date": entry.date.isoformat() if entry.date else None,
            "planned_days": _number(entry.planned_days),
            "used_days": _number(entry.used_days) if entry.used_days is not None else None,
            "note": entry.note,
        }
        for entry in plan.entries
    ]
    return result


def policy_json(policy: Policy) -> dict[str, Any]:
    """The whole policy as read: kinds, categories, allocations, activities and plans."""
    return {
        "name": policy.name,
        "council": policy.council,
        "source": policy.source,
        "path": policy.path,
        "pride": dict(policy.pride),
        "categories": [
            {"id": c.id, "support": c.support, "label": c.label} for c in policy.categories.values()
        ],
        "kinds": [
            {
                "id": kind.id,
                "label": kind.label,
                "audience": kind.audience,
                "categorised": kind.categorised,
                "basis": kind.basis,
                "examples": list(kind.examples),
                "allocated_days": {
                    (key or "all"): _number(plan.allocation) for key, plan in kind.plans.items()
                },
                "plans": {
                    (key or "all"): {
                        "planned_days": _number(plan.planned_days),
                        "unplanned_days": _number(plan.unplanned_days),
                        "note": plan.note,
                        "items": [
                            {
                                "activity": item.activity,
                                "half_term": item.window,
                                "month": item.month,
                                "days": _number(item.days),
                                "prep": _number(item.cost.prep),
                                "visit": _number(item.cost.visit),
                                "write_up": _number(item.cost.write_up),
                                "note": item.note,
                            }
                            for item in plan.items
                        ],
                    }
                    for key, plan in kind.plans.items()
                },
            }
            for kind in policy.kinds.values()
        ],
        "activities": [
            {
                "id": a.id,
                "name": a.name,
                "replaces": a.replaces,
                "pride": list(a.pride),
                "who": a.who,
                "duration": a.duration,
                "location": list(a.location),
                "rule": a.rule,
                "days": {
                    audience: {
                        "prep": _number(cost.prep),
                        "visit": _number(cost.visit),
                        "write_up": _number(cost.write_up),
                        "total": _number(cost.total),
                    }
                    for audience, cost in a.costs.items()
                },
            }
            for a in policy.activities.values()
        ],
        "academic_years": [
            {
                "label": y.label,
                "provisional": y.provisional,
                "note": y.note,
                "half_terms": [
                    {
                        "id": h.id,
                        "first_day": h.first_day.isoformat(),
                        "last_day": h.last_day.isoformat(),
                    }
                    for h in y.half_terms
                ],
            }
            for y in policy.calendar.years
        ],
    }
