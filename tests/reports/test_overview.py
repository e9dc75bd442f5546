"""The overview and the per-organisation and per-course tables, on hand-built data."""

from datetime import date

import pytest

from app import reports
from app.models import AssociateKind, CouncilRole, MembershipCategory
from app.reports import Grouping, ReportFilters
from tests.reports.conftest import NOW, at

FULL = (MembershipCategory.FULL, None)
PARISH = (MembershipCategory.ASSOCIATE, AssociateKind.LOCAL_COUNCIL)
OPPOSITION = (MembershipCategory.ASSOCIATE, AssociateKind.OPPOSITION_GROUP)
AFFILIATE = (MembershipCategory.AFFILIATE, None)
SUPPORTER = (MembershipCategory.SUPPORTER, None)
NAMES = [name for name, _heading in reports.FIGURES]


def figures(row) -> tuple:
    return tuple(row.figures[name] for name in NAMES)


def rows_by_key(table) -> dict:
    return {row.key: row for row in table.rows}


def test_the_overview_counts_each_membership_group(db, network):
    table = reports.overview(db, ReportFilters(), NOW)
    rows = rows_by_key(table)
    assert [row.label for row in table.rows] == [
        "Full",
        "Associate: local councils",
        "Associate: opposition groups",
        "Affiliate",
        "Supporter",
    ]
    # learners, active, modules, courses, issued, revoked, expired, median days
    assert figures(rows[FULL]) == (2, 1, 3, 2, 2, 1, 0, 7.0)
    assert figures(rows[PARISH]) == (1, 0, 0, 1, 2, 0, 1, 6.0)
    assert figures(rows[OPPOSITION]) == (1, 1, 0, 0, 0, 0, 0, None)
    assert figures(rows[AFFILIATE]) == (0, 0, 0, 0, 0, 0, 0, None)
    assert figures(rows[SUPPORTER]) == (1, 1, 1, 1, 1, 0, 0, 2.0)
    assert [
        rows[key].organisations for key in (FULL, PARISH, OPPOSITION, AFFILIATE, SUPPORTER)
    ] == [
        (1, 2),
        (1, 1),
        (1, 1),
        (0, 1),
        (0, 0),
    ]
    assert figures(table.total) == (5, 3, 4, 4, 5, 1, 1, 5.0)
    assert table.total.organisations == (3, 5)


def test_a_date_range_counts_what_happened_in_it(db, network):
    table = reports.overview(db, ReportFilters(start=date(2026, 2, 1), end=date(2026, 3, 31)), NOW)
    rows = rows_by_key(table)
    assert figures(rows[FULL]) == (1, 0, 1, 1, 1, 1, 0, 4.0)
    assert figures(rows[PARISH]) == (1, 0, 0, 1, 2, 0, 0, 6.0)
    assert figures(rows[SUPPORTER]) == (0, 0, 0, 0, 0, 0, 0, None)
    # The parish badge expired on 1 May, outside the range; the last day of the range counts.
    may = reports.overview(db, ReportFilters(start=date(2026, 5, 1), end=date(2026, 5, 1)), NOW)
    assert rows_by_key(may)[PARISH].figures["badges_expired"] == 1


def test_an_organisation_with_learners_only_counts_those_registered_by_the_end(db, network):
    table = reports.overview(db, ReportFilters(end=date(2026, 1, 31)), NOW)
    assert rows_by_key(table)[FULL].organisations == (1, 2)
    assert rows_by_key(table)[PARISH].organisations == (0, 1)


@pytest.mark.parametrize(
    ("filters", "expected_total"),
    [
        (ReportFilters(council_role=CouncilRole.COUNCILLOR), (3, 2, 2, 2, 3, 0, 1, 8.0)),
        (ReportFilters(group="associate:local_council"), (1, 0, 0, 1, 2, 0, 1, 6.0)),
        (ReportFilters(group="supporter"), (1, 1, 1, 1, 1, 0, 0, 2.0)),
        (ReportFilters(course_slug="no-such-course"), (0, 0, 0, 0, 0, 0, 0, None)),
    ],
)
def test_filters_narrow_every_figure(db, network, filters, expected_total):
    table = reports.overview(db, filters, NOW)
    assert figures(table.total) == expected_total
    if filters.group:
        assert [row.key for row in table.rows] == [reports.GROUPS_BY_KEY[filters.group].key_tuple]


def test_the_organisation_filter(db, network):
    organisation_id = network["ann"].organisation_id
    table = reports.overview(db, ReportFilters(organisation_id=organisation_id), NOW)
    assert figures(table.total) == (2, 1, 3, 2, 2, 1, 0, 7.0)
    assert table.total.organisations == (1, 1)


def test_the_course_filter_counts_learners_enrolled_on_it(db, network, progress_records):
    progress_records.complete_course(network["dan"], NOW, NOW, course_slug="other-course")
    progress_records.award(network["dan"], NOW, course_slug="other-course")
    db.commit()
    table = reports.overview(db, ReportFilters(course_slug="other-course"), NOW)
    assert figures(table.total) == (1, 1, 0, 1, 1, 0, 0, 0.0)
    assert rows_by_key(table)[OPPOSITION].organisations == (1, 1)
    assert rows_by_key(table)[FULL].organisations == (0, 2)


def test_the_table_by_organisation(db, network):
    table = reports.by_organisation(db, ReportFilters(), NOW)
    assert [row.label for row in table.rows] == [
        "A Parish",
        "An Opposition",
        "Full Council",
        "No organisation (Supporters)",
    ]
    rows = {row.label: row for row in table.rows}
    assert figures(rows["Full Council"]) == (2, 1, 3, 2, 2, 1, 0, 7.0)
    assert figures(rows["No organisation (Supporters)"]) == (1, 1, 1, 1, 1, 0, 0, 2.0)


def test_the_table_by_course(db, network, catalogue):
    table = reports.by_course(db, ReportFilters(), NOW, catalogue.courses)
    [row] = table.rows
    assert row.label == "A test course"
    # enrolled, active enrolled learners, modules, courses, issued, revoked, expired, median
    assert figures(row) == (5, 3, 4, 4, 5, 1, 1, 5.0)


def test_a_median_of_an_odd_count_is_the_middle_value(db, network, progress_records):
    # Dan enrolled on 2 March at 09:00: 0 days, so 0, 2, 4, 6, 10.
    progress_records.complete_course(network["dan"], None, at(3, 2))
    db.commit()
    medians = reports.median_days_to_complete(db, ReportFilters(), Grouping.TOTAL)
    assert medians == {(): 4.0}


def test_the_csv_rows_follow_the_headers(db, network):
    table = reports.overview(db, ReportFilters(), NOW)
    headers = table.headers()
    assert headers[:3] == [
        "Membership category",
        "Organisations with learners",
        "Organisations in category",
    ]
    rows = table.csv_rows()
    assert rows[0][:4] == ["Full", 1, 2, 2]
    assert rows[-1][0] == "All learners"
    assert all(len(row) == len(headers) for row in rows)


def test_no_data_gives_zeros_not_errors(db):
    table = reports.overview(db, ReportFilters(), NOW)
    assert figures(table.total) == (0, 0, 0, 0, 0, 0, 0, None)


def test_filters_refuse_nonsense():
    with pytest.raises(ValueError, match="unknown membership group"):
        ReportFilters(group="gold")
    with pytest.raises(ValueError, match="start date is after the end date"):
        ReportFilters(start=date(2026, 2, 1), end=date(2026, 1, 1))
