"""Importers: GIAS schools, Ofsted early years providers and people, from CSV into the store."""

from eecore.importers.early_years import import_early_years, parse_early_years
from eecore.importers.gias import import_gias, parse_gias
from eecore.importers.people import PersonEntry, import_people, parse_people
from eecore.importers.report import ImportReport, Parsed, Rejection

__all__ = [
    "ImportReport",
    "Parsed",
    "PersonEntry",
    "Rejection",
    "import_early_years",
    "import_gias",
    "import_people",
    "parse_early_years",
    "parse_gias",
    "parse_people",
]
