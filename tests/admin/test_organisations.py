"""Administrators manage organisations and place Supporters; every change is audited."""

from sqlalchemy import select

from app.models import AssociateKind, AuditEntry, MembershipCategory, Organisation


def audit_entries(db) -> list[AuditEntry]:
    db.expire_all()
    return list(db.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_an_admin_adds_an_organisation_and_the_audit_log_says_so(db, client, forms, admin):
    response = forms.submit(
        "/admin/organisations/new",
        {"name": "  Newtown   Council ", "membership": "associate:local_council"},
    )
    assert response.status_code == 302
    organisation = db.scalar(select(Organisation).where(Organisation.name == "Newtown Council"))
    assert organisation.category is MembershipCategory.ASSOCIATE
    assert organisation.associate_kind is AssociateKind.LOCAL_COUNCIL
    [entry] = audit_entries(db)
    assert (entry.action, entry.actor_id, entry.target_id) == (
        "organisation.add",
        admin.id,
        organisation.id,
    )
    assert entry.before is None and entry.after["category"] == "associate"
    page = client.get("/admin/organisations").get_data(as_text=True)
    assert "Newtown Council has been added." in page
    assert "Associate (town, parish and community councils)" in page


def test_an_empty_form_gets_an_error_summary_linked_to_its_fields(db, forms, admin):
    response = forms.submit("/admin/organisations/new", {"name": "", "membership": ""})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    assert '<a href="#name">Enter the organisation&#39;s name</a>' in page
    assert '<a href="#membership-0">Select the membership category</a>' in page
    assert audit_entries(db) == []


def test_a_duplicate_name_or_unknown_category_is_refused(db, forms, admin, make_organisation):
    make_organisation("Oldtown Council")
    response = forms.submit(
        "/admin/organisations/new", {"name": "oldtown council", "membership": "full"}
    )
    assert response.status_code == 400
    assert "An organisation called oldtown council already exists" in response.get_data(
        as_text=True
    )
    response = forms.submit("/admin/organisations/new", {"name": "X", "membership": "gold"})
    assert response.status_code == 400
    assert audit_entries(db) == []


def test_a_form_without_its_csrf_token_is_refused(db, client, admin):
    response = client.post("/admin/organisations/new", data={"name": "X", "membership": "full"})
    assert response.status_code == 400
    assert db.scalar(select(Organisation).where(Organisation.name == "X")) is None


def test_renaming_and_recategorising_records_before_and_after(db, forms, admin, make_organisation):
    organisation = make_organisation("Old Name", MembershipCategory.AFFILIATE)
    url = f"/admin/organisations/{organisation.id}/edit"
    assert 'value="Old Name"' in forms.client.get(url).get_data(as_text=True)
    response = forms.submit(url, {"name": "New Name", "membership": "full"})
    assert response.status_code == 302
    [entry] = audit_entries(db)
    assert entry.action == "organisation.update"
    assert entry.before == {"name": "Old Name", "category": "affiliate"}
    assert entry.after == {"name": "New Name", "category": "full"}
    # Saving without a change writes no entry.
    forms.submit(url, {"name": "New Name", "membership": "full"})
    assert len(audit_entries(db)) == 1


def test_editing_an_unknown_organisation_is_404(client, admin):
    assert client.get("/admin/organisations/999/edit").status_code == 404
    assert client.get("/admin/organisations/999/deactivate").status_code == 404
    assert client.get("/admin/organisations/1/explode").status_code == 404


def test_deactivating_asks_for_confirmation_first(db, client, forms, admin, make_organisation):
    organisation = make_organisation("Leaving Council")
    url = f"/admin/organisations/{organisation.id}/deactivate"
    page = client.get(url).get_data(as_text=True)
    assert "Are you sure you want to deactivate Leaving Council?" in page
    db.expire_all()
    assert db.get(Organisation, organisation.id).is_active  # a GET changes nothing
    assert client.post(url).status_code == 400  # no CSRF token
    response = forms.submit(url, {})
    assert response.status_code == 302
    db.expire_all()
    assert not db.get(Organisation, organisation.id).is_active
    [entry] = audit_entries(db)
    assert (entry.action, entry.before, entry.after) == (
        "organisation.deactivate",
        {"is_active": True},
        {"is_active": False},
    )
    # Deactivated organisations leave the registration list; they can come back.
    assert "Leaving Council" not in client.get("/register").get_data(as_text=True)
    response = forms.submit(f"/admin/organisations/{organisation.id}/reactivate", {})
    assert response.status_code == 302
    assert [e.action for e in audit_entries(db)][-1] == "organisation.reactivate"


def test_placing_a_supporter_into_their_organisation(
    db, client, forms, admin, make_user, make_organisation
):
    learner = make_user(category=None)
    learner.unlisted_organisation = "Little Snoring Parish"
    db.commit()
    parish = make_organisation("Little Snoring Parish Council", MembershipCategory.ASSOCIATE)
    db.commit()
    page = client.get("/admin/supporters").get_data(as_text=True)
    assert "Little Snoring Parish" in page
    url = f"/admin/supporters/{learner.id}/place"
    response = forms.submit(url, {"organisation": "999999"})
    assert response.status_code == 400
    assert "Select an organisation from the list" in response.get_data(as_text=True)
    response = forms.submit(url, {"organisation": str(parish.id)})
    assert response.status_code == 302
    db.expire_all()
    assert learner.organisation_id == parish.id and learner.unlisted_organisation is None
    [entry] = audit_entries(db)
    assert entry.action == "learner.place"
    assert entry.before == {"organisation": None, "unlisted_organisation": "Little Snoring Parish"}
    assert entry.after["organisation"] == "Little Snoring Parish Council"
    # Placed learners leave the list; a second attempt changes nothing.
    assert client.get(url).status_code == 302
