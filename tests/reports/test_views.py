"""The report pages: filters, charts with their tables, CSV exports; for admins only."""

import csv
import io

import pytest

from app.models import AccountRole


@pytest.fixture
def admin(make_user, login):
    return login(make_user("admin@example.org", role=AccountRole.ADMIN))


def test_the_overview_shows_the_table_and_both_charts(client, network, admin):
    response = client.get("/admin/reports")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "By membership category" in page
    assert "Associate: opposition groups" in page
    assert page.count('role="img"') == 2
    assert (
        '<title id="completions-chart-title">Courses completed by membership category</title>'
        in page
    )
    assert "Full: 2; Associate: local councils: 1" in page  # the chart's description
    assert "Engagement each month" in page  # the chart's table


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=2026-13-01", "Enter the from date as a real date"),
        ("start=2026-03-01&end=2026-02-01", "The to date must be the same as or after"),
        ("group=gold", "Choose a membership category from the list"),
        ("organisation=abc", "Choose a organisation from the list"),
        ("course=no-such-course", "Choose a course from the list"),
        ("council_role=mayor", "Choose a role from the list"),
        ("end=9999-12-31", "Enter a to date between 2000 and 2099"),
        ("start=0001-01-01", "Enter a from date between 2000 and 2099"),
    ],
)
def test_bad_filters_get_an_error_summary_and_400(client, admin, query, message):
    response = client.get(f"/admin/reports?{query}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and message in page
    assert client.get(f"/admin/reports/export/overview.csv?{query}").status_code == 400


def test_filters_are_kept_in_the_links_and_exports(client, network, admin):
    page = client.get("/admin/reports?start=2026-02-01&group=full").get_data(as_text=True)
    assert "/admin/reports/export/overview.csv?start=2026-02-01&amp;group=full" in page


@pytest.mark.parametrize(
    "name",
    [
        "overview",
        "organisations",
        "courses",
        "engagement",
        "evaluation-categories",
        "evaluation-courses",
        "comments",
        "follow-up",
    ],
)
def test_every_table_exports_as_csv(client, network, admin, name):
    response = client.get(f"/admin/reports/export/{name}.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows and all(len(row) == len(rows[0]) for row in rows)


def test_the_overview_csv_has_the_figures(client, network, admin):
    text = client.get("/admin/reports/export/overview.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text)))
    # The signed-in admin is a learner at a third Full member, and the only one active today.
    assert rows[1] == ["Full", "2", "3", "3", "1", "3", "2", "2", "1", "0", "7.0"]
    assert rows[-1][0] == "All learners"


def test_unknown_exports_and_courses_are_404(client, admin, course):
    assert client.get("/admin/reports/export/secrets.csv").status_code == 404
    assert client.get("/admin/reports/courses/no-such-course").status_code == 404
    assert client.get("/admin/reports/export/funnel.csv?course=nope").status_code == 400


def test_the_course_page_has_the_funnel_and_hard_questions(
    client, network, admin, course, progress_records, db
):
    from tests.reports.conftest import at

    progress_records.attempt(network["ann"], "first", [2], at(1, 11))
    db.commit()
    page = client.get("/admin/reports/courses/test-course").get_data(as_text=True)
    assert "Funnel" in page and "Completed the course" in page
    assert "2. Pick a and c" in page
    response = client.get("/admin/reports/export/questions.csv?course=test-course")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[1][:2] == ["The first module", "2"]
    response = client.get("/admin/reports/export/funnel.csv?course=test-course")
    assert response.status_code == 200


def test_the_tables_by_organisation_and_course(client, network, admin, course):
    page = client.get("/admin/reports/organisations").get_data(as_text=True)
    assert "Full Council" in page and "No organisation (Supporters)" in page
    page = client.get("/admin/reports/courses").get_data(as_text=True)
    assert 'href="/admin/reports/courses/test-course"' in page


def test_the_evaluation_report_page(client, network, admin, course):
    response = client.get("/admin/reports/evaluation")
    assert response.status_code == 200
    assert "Three months later" in response.get_data(as_text=True)
