"""The `eebot` command line: serve, migrate, load data, and answer what the bot answers."""

from __future__ import annotations

import asyncio
import getpass
import json
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from bot.settings import BotSettings
from eecore.domain.days import show
from eecore.domain.errors import AmbiguousSchool, EebotError, UnknownSchool
from eecore.domain.ledger import AllocationSummary
from eecore.domain.policy import Policy
from eecore.policy import load_policy
from eecore.services.reports import plan_json, policy_json, summary_json
from eecore.store.database import Database, open_database
from eecore.store.uow import UnitOfWork

T = TypeVar("T")


def fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"eebot: {message}", err=True)
    sys.exit(code)


def settings() -> BotSettings:
    try:
        return BotSettings()
    except Exception as exc:  # pydantic's ValidationError: one line, not a traceback
        first = str(exc).splitlines()
        fail(f"bad configuration: {' '.join(first[:3])}")


def policy_of(config: BotSettings) -> Policy:
    try:
        return load_policy(config.policy)
    except EebotError as exc:
        fail(str(exc))


def run(
    work: Callable[[Database, Policy, BotSettings], Awaitable[T]], *, migrate: bool = True
) -> T:
    """Open the database (migrating SQLite on first use), run one piece of work, report errors."""
    config = settings()
    policy = policy_of(config)

    async def main() -> T:
        database = open_database(config.database_url)
        try:
            if migrate:
                await database.ensure_schema()
            return await work(database, policy, config)
        finally:
            await database.dispose()

    try:
        return asyncio.run(main())
    except AmbiguousSchool as exc:
        lines = [f"{len(exc.matches)} schools or settings match {exc.query!r}:"]
        lines += [f"  {urn}  {name}" for urn, name in exc.matches]
        lines.append("give the URN or more of the name")
        fail("\n".join(lines), code=2)
    except UnknownSchool as exc:
        fail(str(exc), code=2)
    except EebotError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        fail("interrupted", code=130)
    except Exception as exc:  # the last line of defence: one line, the traceback only on request
        if os.environ.get("EEBOT_DEBUG"):
            raise
        fail(f"unexpected error ({type(exc).__name__}: {exc}); set EEBOT_DEBUG=1 for details")


def emit_json(value: dict[str, Any]) -> None:
    click.echo(json.dumps(value, indent=2, ensure_ascii=False))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """eebot: the Education Excellence Strategy in Microsoft Teams.

    Configuration comes from EEBOT_* environment variables (and a .env file): EEBOT_DATABASE_URL
    (default sqlite:///eebot.db), EEBOT_POLICY, EEBOT_PORT, EEBOT_APP_ID, EEBOT_APP_PASSWORD,
    EEBOT_APP_TENANT_ID, EEBOT_DEV_ANONYMOUS.
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


@main.command()
@click.option(
    "--port", type=int, default=None, help="port to listen on (default EEBOT_PORT, else 3978)"
)
def serve(port: int | None) -> None:
    """Serve the bot on /api/messages, with /healthz and /readyz."""
    from aiohttp import web

    from bot.app import ConfigurationError, create_app
    from bot.logs import configure_logging

    config = settings()
    configure_logging(config.log_level)
    try:
        app = create_app(config)
    except (ConfigurationError, EebotError) as exc:
        fail(str(exc))
    chosen = port or config.port
    click.echo(f"eebot serving on http://{config.host}:{chosen}/api/messages")
    try:
        web.run_app(app, host=config.host, port=chosen, print=None)
    except EebotError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot listen on port {chosen}: {exc.strerror}; choose another with --port")


@main.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default="eebot-teams-app.zip",
    show_default=True,
    help="where to write the app package",
)
@click.option(
    "--domain", required=True, help="the bot's public host name, e.g. eebot.example.gov.uk"
)
@click.option("--app-version", default="1.0.0", show_default=True, help="the app package version")
@click.option(
    "--website",
    default="https://www.wolverhampton.gov.uk",
    show_default=True,
    help="the council's website (privacy and terms pages are under it)",
)
def manifest(out: Path, domain: str, app_version: str, website: str) -> None:
    """Write the Teams app package (manifest and icons) for EEBOT_APP_ID, to upload to Teams."""
    from bot.handlers import build_router
    from bot.manifest import manifest as app_manifest
    from bot.manifest import package

    config = settings()
    if not config.app_id:
        fail("EEBOT_APP_ID is not set: the package names the bot by its app id")
    loaded = policy_of(config)
    document = app_manifest(
        build_router(),
        app_id=config.app_id,
        domain=domain,
        version=app_version,
        council=loaded.council or "eebot",
        website=website,
    )
    try:
        out.write_bytes(package(document))
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror}")
    click.echo(f"wrote {out}: upload it in Teams (Apps → Manage your apps → Upload an app)")


@main.group()
def db() -> None:
    """The database: migrate it to the newest schema."""


@db.command()
def upgrade() -> None:
    """Migrate the database to the newest schema (creating a SQLite file if needed)."""

    async def work(database: Database, _policy: Policy, _config: BotSettings) -> str | None:
        await database.upgrade()
        return await database.current_revision()

    revision = run(work, migrate=False)
    click.echo(f"database at revision {revision}")


@main.command()
@click.option("--if-empty", is_flag=True, help="load only when the database has no establishments")
def demo(if_empty: bool) -> None:
    """Load the demo: the city's open schools, fictional settings, advisors, plans and visits."""
    from eecore.demo import load_demo

    async def work(database: Database, policy: Policy, config: BotSettings) -> str:
        if if_empty:
            async with UnitOfWork(database) as uow:
                if await uow.establishments.count():
                    return "the database already has establishments: demo not loaded"
        report = await load_demo(UnitOfWork(database), policy, config.current_date())
        return report.summary()

    click.echo(run(work))


@main.group(name="import")
def import_() -> None:
    """Load registers: GIAS schools, Ofsted early-years providers, people and caseloads."""


def _import(importer: Callable[[UnitOfWork], Awaitable[Any]], as_json: bool) -> None:
    async def work(database: Database, _policy: Policy, _config: BotSettings) -> Any:
        return await importer(UnitOfWork(database))

    report = run(work)
    if as_json:
        emit_json(report.as_dict())
    else:
        click.echo(report.summary())
    if report.rejected:
        sys.exit(3)


FILE = click.Path(path_type=Path, dir_okay=False)


@import_.command("gias")
@click.argument("file", type=FILE)
@click.option("--la", "la_code", required=True, help="local authority code (Wolverhampton is 336)")
@click.option("--json", "as_json", is_flag=True, help="print the report as JSON")
def import_gias_command(file: Path, la_code: str, as_json: bool) -> None:
    """Import open schools of one LA from a GIAS edubasealldataYYYYMMDD.csv extract."""
    from eecore.importers.gias import import_gias

    _import(lambda uow: import_gias(uow, file, la_code), as_json)


@import_.command("early-years")
@click.argument("file", type=FILE)
@click.option("--la", "la_name", required=True, help="local authority name, e.g. Wolverhampton")
@click.option("--json", "as_json", is_flag=True, help="print the report as JSON")
def import_early_years_command(file: Path, la_name: str, as_json: bool) -> None:
    """Import PVI settings and childminders from Ofsted's childcare providers CSV."""
    from eecore.importers.early_years import import_early_years

    _import(lambda uow: import_early_years(uow, file, la_name), as_json)


@import_.command("people")
@click.argument("file", type=FILE)
@click.option("--json", "as_json", is_flag=True, help="print the report as JSON")
def import_people_command(file: Path, as_json: bool) -> None:
    """Import people, roles and caseloads from a CSV.

    Columns: name, email, entra_object_id, roles, establishment, caseload.
    """
    from eecore.importers.people import import_people

    _import(lambda uow: import_people(uow, file), as_json)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="print the whole policy as JSON")
def policy(as_json: bool) -> None:
    """Check and show the policy: kinds, categories, days a year and plans."""
    loaded = policy_of(settings())
    if as_json:
        emit_json(policy_json(loaded))
        return
    click.echo(f"{loaded.name} — {loaded.council}")
    click.echo(f"policy file: {loaded.path}")
    categories = list(loaded.categories)
    click.echo("\nDays a year by kind and category:")
    click.echo(f"  {'kind':<42}" + "".join(f"{c:>7}" for c in categories))
    for kind in loaded.kinds.values():
        if kind.categorised:
            cells = "".join(f"{show(kind.plans[c].allocation):>7}" for c in categories)
        else:
            cells = f"  {show(kind.plans[''].allocation)} a year ({kind.basis})"
        click.echo(f"  {kind.label:<42}{cells}")
    click.echo("\nActivities:")
    for activity in loaded.activities.values():
        costs = (
            ", ".join(f"{audience} {show(cost.total)}" for audience, cost in activity.costs.items())
            or "days set by each plan"
        )
        click.echo(f"  {activity.name:<48} {costs}")
    click.echo("\nAcademic years:")
    for year in loaded.calendar.years:
        flag = " (provisional)" if year.provisional else ""
        click.echo(f"  {year.label}{flag}: {year.first_day} to {year.last_day}")


@main.command()
@click.argument("school")
@click.argument("category")
@click.option("--reason", required=True, help="why the category was agreed")
@click.option("--by", "agreed_by", default=None, help="who agreed it (default: you)")
@click.option("--evidence", default="", help="the evidence considered")
def category(school: str, category: str, reason: str, agreed_by: str | None, evidence: str) -> None:
    """Record an agreed CATEGORY (A, AS, B1, B2, C) for SCHOOL and re-plan the rest of the year."""
    from eecore.services.categories import agree_category

    async def work(database: Database, policy: Policy, config: BotSettings) -> str:
        by = agreed_by or _default_agreed_by()
        change = await agree_category(
            UnitOfWork(database),
            policy,
            school,
            category,
            rationale=reason,
            agreed_by=by,
            today=config.current_date(),
        )
        was = f" (was {change.previous})" if change.previous else ""
        return (
            f"{change.name} ({change.urn}): category {change.assignment.category}{was} from "
            f"{change.assignment.effective_from}, agreed by {change.assignment.agreed_by}. "
            f"{change.academic_year} plan: {change.superseded} activities re-planned, "
            f"{change.added} added."
        )

    click.echo(run(work))


def _default_agreed_by() -> str:
    try:
        return f"{getpass.getuser()} (command line)"
    except (KeyError, OSError):
        return "command line"


def _days_word(amount: Decimal) -> str:
    return "day" if amount == 1 else "days"


def _print_summary(summary: AllocationSummary) -> None:
    category = summary.category or ("not categorised yet" if summary.categorised else "—")
    click.echo(f"{summary.name} ({summary.urn}) — {summary.kind_label}, category {category}")
    click.echo(f"{summary.academic_year}")
    rows = (
        ("allocated", summary.allocated),
        ("delivered", summary.delivered),
        ("booked", summary.booked),
        ("planned", summary.planned),
        ("unplanned", summary.unplanned),
        ("remaining", summary.remaining),
    )
    for label, amount in rows:
        click.echo(f"  {label:<10}{show(amount):>7} {_days_word(amount)}")
    if summary.over_allocated:
        click.echo("  over allocation: more days delivered than allocated")
    if summary.note:
        click.echo(f"  note: {summary.note}")
    if summary.upcoming:
        click.echo("next:")
        for item in summary.upcoming[:5]:
            when = item.date.isoformat() if item.date else item.window_label
            click.echo(
                f"  {when:<22} {item.activity_name} "
                f"({item.status}, {show(item.days)} {_days_word(item.days)})"
            )


@main.command()
@click.argument("school")
@click.option("--year", default=None, help="academic year, e.g. 2026/27 (default: this year)")
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
def left(school: str, year: str | None, as_json: bool) -> None:
    """What's left for SCHOOL (a URN or a name): days allocated, used, booked and remaining."""
    from eecore.services.allocations import whats_left

    async def work(database: Database, policy: Policy, config: BotSettings) -> AllocationSummary:
        return await whats_left(UnitOfWork(database), policy, school, config.current_date(), year)

    summary = run(work)
    if as_json:
        emit_json(summary_json(summary))
    else:
        _print_summary(summary)


@main.command()
@click.argument("school")
@click.option("--year", default=None, help="academic year, e.g. 2026/27 (default: this year)")
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
def plan(school: str, year: str | None, as_json: bool) -> None:
    """The year's plan for SCHOOL by half-term, with each activity's status and days."""
    from eecore.services.allocations import year_plan

    async def work(database: Database, policy: Policy, config: BotSettings) -> Any:
        return await year_plan(UnitOfWork(database), policy, school, config.current_date(), year)

    result = run(work)
    if as_json:
        emit_json(plan_json(result))
        return
    _print_summary(result.summary)
    click.echo("plan:")
    current = None
    for entry in result.entries:
        if entry.window_label != current:
            current = entry.window_label
            click.echo(f"  {current}")
        when = entry.date.isoformat() if entry.date else ""
        days = show(entry.used_days if entry.used_days is not None else entry.planned_days)
        click.echo(f"    {entry.activity_name:<48} {entry.status:<10} {when:<10} {days:>5}")


if __name__ == "__main__":
    main()
