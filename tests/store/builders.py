"""Small builders and backend selectors shared by the storage tests."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from eecore.domain.establishments import Establishment
from eecore.domain.ledger import PlannedActivity
from eecore.domain.policy import DayCost

YEAR = "2026/27"
RECORDED = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)

on_sqlite_only = pytest.mark.parametrize("backend", ["sqlite"])
"""Run a database test on SQLite alone (overrides the two-backend `backend` fixture)."""

on_postgres_only = pytest.mark.parametrize(
    "backend",
    [
        pytest.param(
            "postgresql",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(
                    not os.environ.get("EEBOT_TEST_POSTGRES_URL"),
                    reason="EEBOT_TEST_POSTGRES_URL is not set (make test sets it)",
                ),
            ],
        )
    ],
)
"""Run a database test on PostgreSQL alone (skipped visibly without a server)."""


def school(urn: str = "100001", name: str = "Ashdown Primary", **changes: object) -> Establishment:
    establishment = Establishment(
        urn=urn, name=name, kind="la_school", phase="Primary", la_code="845",
        la_name="East Sussex", head_name="Ms A Head", opened_on=date(1998, 9, 1),
        ofsted_outcome="Good", ofsted_date=date(2023, 3, 14), source="gias",
    )
    for field, value in changes.items():
        setattr(establishment, field, value)
    return establishment


def visit(
    urn: str = "100001",
    visit_days: str = "1",
    *,
    prep: str = "0",
    write_up: str = "0",
    year: str = YEAR,
    activity: str = "sia_visit",
    window: str = "autumn_1",
) -> PlannedActivity:
    return PlannedActivity(
        urn=urn, academic_year=year, activity=activity, window=window,
        planned=DayCost(prep=Decimal(prep), visit=Decimal(visit_days), write_up=Decimal(write_up)),
        category="2",
    )
