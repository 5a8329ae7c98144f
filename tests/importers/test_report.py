"""ImportReport: the summary a person reads and the JSON a script reads."""

from __future__ import annotations

import json
from collections import Counter

from eecore.importers.report import ImportReport, Parsed


def _report() -> ImportReport:
    parsed: Parsed[str] = Parsed(read=7)
    parsed.rows = [(2, "a"), (3, "b")]
    parsed.skip("other local authority")
    parsed.skip("closed")
    parsed.skip("other local authority")
    parsed.reject(9, "URN 'abc' is not a number")
    parsed.reject(4, "OpenDate '2020-09-01' is not a date (dd-mm-yyyy)")
    report = ImportReport.from_parsed("GIAS edubasealldata20250422.csv", parsed)
    report.created, report.updated = 1, 1
    return report


def test_from_parsed_counts_and_orders_rejections() -> None:
    report = _report()
    assert (report.read, report.skipped, report.rejected) == (7, 3, 2)
    assert report.skip_reasons == {"other local authority": 2, "closed": 1}
    assert [r.line for r in report.rejections] == [4, 9]


def test_summary_is_one_paragraph() -> None:
    text = _report().summary()
    assert "\n" not in text
    assert text == (
        "GIAS edubasealldata20250422.csv: read 7, created 1, updated 1, unchanged 0, skipped 3, "
        "rejected 2. Skipped: other local authority 2; closed 1. Rejected: line 4: OpenDate "
        "'2020-09-01' is not a date (dd-mm-yyyy); line 9: URN 'abc' is not a number."
    )


def test_summary_lists_at_most_five_rejections() -> None:
    report = ImportReport("people.csv", read=8)
    for line in range(2, 10):
        report.reject(line, "bad")
    assert report.rejected == 8
    assert report.summary().endswith("line 6: bad; and 3 more.")


def test_summary_of_a_clean_import() -> None:
    report = ImportReport("x.csv", read=3, unchanged=3)
    assert report.summary() == (
        "x.csv: read 3, created 0, updated 0, unchanged 3, skipped 0, rejected 0."
    )


def test_as_dict_is_json() -> None:
    data = json.loads(json.dumps(_report().as_dict()))
    assert data["read"] == 7 and data["created"] == 1 and data["rejected"] == 2
    assert data["skip_reasons"] == {"other local authority": 2, "closed": 1}
    assert data["rejections"][0] == {
        "line": 4, "reason": "OpenDate '2020-09-01' is not a date (dd-mm-yyyy)",
    }


def test_report_reject_keeps_line_order() -> None:
    report = ImportReport.from_parsed("p.csv", Parsed(read=3, skipped=Counter()))
    report.reject(5, "late")
    report.reject(3, "early")
    assert [r.line for r in report.rejections] == [3, 5]
