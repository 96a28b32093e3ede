"""Who may open what: every route is guarded, roles are respected, CSRF everywhere."""

from __future__ import annotations

from form_service.staff.access import ADMINISTRATOR, CASE_OFFICER
from form_service.web.open_views import OPEN

LOGIN_PAGES = {"auth.login", "auth.code"}
# For monitoring; they answer JSON with check names only (tests/deploy/test_health_checks.py).
HEALTH_CHECKS = {"health.alive", "health.ready"}
ADMIN_ONLY = {"admin.audit_log", "admin.person", "admin.retention", "admin.users", "cases.delete"}


def routes(app):
    """Every route but the stylesheets and images (Flask's and the staff side's own)."""
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint.rsplit(".")[-1] != "static"]


def test_every_staff_route_is_guarded_by_the_one_decorator(office):
    unguarded = [
        rule.rule
        for rule in routes(office.staff)
        if not hasattr(office.staff.view_functions[rule.endpoint], "staff_access")
    ]
    assert unguarded == []


def test_only_the_login_pages_and_the_health_checks_are_open_to_all(office):
    open_routes = {
        rule.endpoint
        for rule in routes(office.staff)
        if office.staff.view_functions[rule.endpoint].staff_access == OPEN
    }
    assert open_routes == LOGIN_PAGES | HEALTH_CHECKS


def test_administrators_pages_require_the_administrator_role(office):
    for rule in routes(office.staff):
        access = office.staff.view_functions[rule.endpoint].staff_access
        expected = ADMINISTRATOR if rule.endpoint in ADMIN_ONLY else (OPEN, CASE_OFFICER)
        assert access in expected if isinstance(expected, tuple) else access == expected, rule


def concrete_urls(office, reference):
    for rule in routes(office.staff):
        if rule.endpoint in LOGIN_PAGES | HEALTH_CHECKS:
            continue
        url = rule.rule.replace("<reference>", reference)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, url


def test_anonymous_visitors_are_sent_to_the_login_page_from_every_route(office):
    reference = office.submit()
    visitor = office.client()
    visitor.get("/logga-in/")  # a CSRF token, so POSTs reach the guard
    for _endpoint, method, url in concrete_urls(office, reference):
        page = visitor.get(url, 302) if method == "GET" else visitor.post(url, {}, 302)
        assert page.location.startswith("/logga-in/"), (method, url)


def test_case_officers_are_refused_administrators_pages(office):
    reference = office.submit()
    officer = office.client(office.user("karin"))
    for endpoint, method, url in concrete_urls(office, reference):
        if endpoint not in ADMIN_ONLY:
            continue
        page = officer.get(url, 403) if method == "GET" else officer.post(url, {}, 403)
        assert "Du har inte behörighet" in page.text


def test_administrators_reach_every_list(office):
    office.submit()
    admin = office.client(office.user("anna", role=ADMINISTRATOR))
    for url in ("/", "/ko/", "/skrap/", "/admin/logg/", "/admin/person/", "/admin/gallring/",
                "/admin/anvandare/"):  # fmt: skip
        assert "Handläggarstöd" in admin.get(url).title


def test_case_officers_reach_every_page_that_is_theirs(office):
    reference = office.submit()
    officer = office.client(office.user("karin"))
    for endpoint, method, url in concrete_urls(office, reference):
        if method == "GET" and endpoint not in ADMIN_ONLY | {"auth.logout"}:
            assert officer.get(url).status == 200, url


def test_a_disabled_user_is_logged_out_at_once(office):
    from form_service.staff.users import disable_user
    from form_service.storage.db import session_scope

    officer = office.client(office.user("karin"))
    officer.get("/")
    with office.staff.app_context(), session_scope(office.staff) as db:
        disable_user(db, "karin")
    assert officer.get("/", 302).location.startswith("/logga-in/")
    page = officer.login("karin", status=401)
    assert "Fel användarnamn eller lösenord" in page.text


def test_a_post_without_a_csrf_token_is_refused(office):
    reference = office.submit()
    officer = office.client(office.user("karin"))
    officer.token = ""
    page = officer.post(f"/arenden/{reference}/status/", {"status": "kontaktad"}, 400)
    assert "Något gick fel med det du skickade" in page.text


def test_the_login_form_needs_a_csrf_token(office):
    office.user("karin")
    visitor = office.client()
    page = visitor.post("/logga-in/", {"anvandarnamn": "karin", "losenord": "x"}, 400)
    assert "Något gick fel" in page.text


def test_a_login_never_redirects_to_another_site(office):
    office.user("karin")
    visitor = office.client()
    page = visitor.get("/logga-in/?nasta=//evil.example/")
    data = {"csrf_token": page.csrf, "anvandarnamn": "karin", "losenord": "korrekt häst batteri"}
    response = visitor.client.post("/logga-in/?nasta=//evil.example/", data=data)
    assert response.headers["Location"] == "/"
