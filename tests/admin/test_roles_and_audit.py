"""Granting and removing roles, and reading and exporting the audit log."""

import csv
import io

from sqlalchemy import select

from app import audit
from app.models import AccountRole, AuditEntry


def test_granting_the_author_role_confirms_then_audits(db, client, forms, admin, make_user):
    learner = make_user("nia@example.org")
    page = client.get("/admin/accounts?q=nia").get_data(as_text=True)
    assert "nia@example.org" in page
    url = f"/admin/accounts/{learner.id}/grant/author"
    assert "Give Test Learner the author role?" in client.get(url).get_data(as_text=True)
    assert forms.submit(url, {}).status_code == 302
    db.expire_all()
    assert learner.is_author
    entry = db.scalar(select(AuditEntry))
    assert entry.action == "role.grant"
    assert entry.before == {"is_author": False, "is_admin": False}
    assert entry.after == {"is_author": True, "is_admin": False}


def test_removing_a_role_and_the_mistakes_an_admin_cannot_make(db, client, forms, admin, make_user):
    other = make_user(role=AccountRole.ADMIN)
    url = f"/admin/accounts/{other.id}/remove/admin"
    assert "Are you sure you want to remove the admin role" in client.get(url).get_data(
        as_text=True
    )
    assert forms.submit(url, {}).status_code == 302
    db.expire_all()
    assert not other.is_admin
    # Removing it again, or removing one's own admin role, is refused with a reason.
    response = forms.submit(url, {})
    assert response.status_code == 400
    assert "Test Learner is not an admin" in response.get_data(as_text=True)
    response = forms.submit(f"/admin/accounts/{admin.id}/remove/admin", {})
    assert response.status_code == 400
    assert "You cannot remove your own admin role" in response.get_data(as_text=True)
    assert client.get(f"/admin/accounts/{other.id}/grant/learner").status_code == 404
    assert client.get(f"/admin/accounts/{other.id}/promote/admin").status_code == 404
    assert db.scalar(select(AuditEntry.action)) == "role.remove"
    assert len(db.scalars(select(AuditEntry)).all()) == 1


def test_the_audit_log_filters_pages_and_exports_safely(db, client, admin, now):
    for index in range(3):
        audit.record(
            db,
            admin,
            "organisation.add",
            admin,
            label=f"Org {index}",
            before=None,
            after={"name": '=HYPERLINK("http://evil")'},
            now=now,
        )
    audit.record(db, admin, "role.grant", admin, label="@SUM(1)", before=None, after=None, now=now)
    db.commit()
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "4 entries" in page
    page = client.get("/admin/audit?action=role.grant").get_data(as_text=True)
    assert "1 entry" in page
    response = client.get("/admin/audit?start=2026-02-30")
    assert response.status_code == 400
    assert "Enter the from date as a real date" in response.get_data(as_text=True)
    assert client.get("/admin/audit?action=nonsense").status_code == 400
    assert client.get("/admin/audit?page=0").status_code == 400
    response = client.get("/admin/audit?page=99999999999999999999999")
    assert response.status_code == 400
    assert "The page number must be a whole number" in response.get_data(as_text=True)
    assert client.get("/admin/audit?end=9999-12-31").status_code == 400
    assert client.get("/admin/audit?start=2026-02-02&end=2026-02-01").status_code == 400

    response = client.get("/admin/audit.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][0] == "When (UTC)" and len(rows) == 5
    assert rows[4][5] == "'@SUM(1)"
    assert rows[1][7] == '{"name": "=HYPERLINK(\\"http://evil\\")"}'  # JSON starts with {
    assert client.get("/admin/audit.csv?end=yesterday").status_code == 400


def test_the_admin_link_shows_only_for_admins(client, login, make_user):
    login(make_user(role=AccountRole.AUTHOR))
    assert 'href="/admin/"' not in client.get("/learn/").get_data(as_text=True)
    assert client.get("/admin/").status_code == 403


def test_admins_see_the_admin_link(client, admin):
    assert 'href="/admin/"' in client.get("/learn/").get_data(as_text=True)
    assert client.get("/admin/").status_code == 200
