"""portal.permissions is the one way views ask their django-rules permission.

The helper itself (a denied object is a 404, a refused page sends anonymous people to the login page),
one representative object of each app that answers 404 to the wrong person and shows itself to the
right one, and a scan of the source: every view of every app calls the helper, or is on a short
allow-list that says why not."""

import ast
import importlib
import importlib.util
import inspect

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

from portal.permissions import object_or_404, permission_required, require

APPS = ("portal", "partners", "practices", "projects", "newsletter", "community", "forum", "knowledge")

# Views that do not ask a rule, and why. Keep it short: a page for people asks a rule, even one that
# allows everybody, so that making it private later is a change in rules.py only.
ALLOWED_WITHOUT_RULE = {
    "newsletter.views.bounce_webhook": "a provider's server calls it, no person; the HMAC signature is the proof",
    "newsletter.providers.webhook": "a provider's server calls it, no person; anymail checks its signature",
}


def _request(user=None, path="/en/somewhere/"):
    request = RequestFactory().get(path)
    request.user = user or AnonymousUser()
    return request


# --- The helper -------------------------------------------------------------------------------------


@pytest.fixture
def unpublished(db):
    from tests.partners.factories import EditorFactory, OrganisationFactory

    organisation = OrganisationFactory(name="Hidden Soil Lab", published=False)
    editor = EditorFactory(organisation=organisation).user
    return organisation, editor


def test_require_returns_the_object_its_rule_allows_and_404_otherwise(unpublished, role_users):
    organisation, editor = unpublished
    assert require(_request(editor), "partners.view_organisation", organisation) == organisation
    with pytest.raises(Http404):
        require(_request(role_users["friend"]), "partners.view_organisation", organisation)
    with pytest.raises(Http404):
        require(_request(), "partners.view_organisation", organisation)


def test_require_on_an_object_the_person_sees_is_a_403(unpublished, role_users):
    organisation, editor = unpublished
    friend = _request(role_users["friend"])
    with pytest.raises(PermissionDenied):
        require(friend, "partners.edit_organisation", organisation, visible=True)


def test_object_or_404_cannot_tell_a_missing_object_from_a_denied_one(unpublished, role_users):
    from partners.models import Organisation

    organisation, editor = unpublished
    friend = _request(role_users["friend"])
    for slug in (organisation.slug, "no-such-organisation"):
        with pytest.raises(Http404):
            object_or_404(friend, "partners.view_organisation", Organisation, slug=slug)
    found = object_or_404(_request(editor), "partners.view_organisation", Organisation, slug=organisation.slug)
    assert found.name == "Hidden Soil Lab"


def test_permission_required_sends_anonymous_people_to_login_and_refuses_others_with_404(role_users):
    @permission_required("projects.manage_call")
    def page(request):
        return HttpResponse("Chair's page")

    response = page(_request(path="/en/review/calls/2030/"))
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=/en/review/calls/2030/"
    with pytest.raises(Http404):
        page(_request(role_users["reviewer"]))
    assert page(_request(role_users["chair"])).content == b"Chair's page"


# --- A denied object answers 404, app by app ---------------------------------------------------------


def _not_found(response, secret):
    body = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in body
    assert secret not in body


def test_partners_unpublished_sheet_and_sheet_editor(client_for, unpublished):
    from partners.models import SheetRevision

    organisation, editor = unpublished
    for role in ("anonymous", "friend", "partner"):
        _not_found(client_for(role).get(f"/en/partners/{organisation.slug}/"), "Hidden Soil Lab")
    partner = client_for("partner")  # a partner editor, but not of this organisation
    _not_found(partner.get(f"/en/my/organisation/{organisation.slug}/"), "Hidden Soil Lab")
    response = partner.post(f"/en/my/organisation/{organisation.slug}/", {"website": "https://taken.example"})
    _not_found(response, "Hidden Soil Lab")
    assert not SheetRevision.objects.exists()

    from django.test import Client

    own = Client()
    own.force_login(editor)
    assert "Hidden Soil Lab" in own.get(f"/en/partners/{organisation.slug}/").content.decode()


def test_practices_someone_elses_draft(client_for, role_users):
    from practices.models import PracticeDraft

    draft = PracticeDraft.objects.create(author=role_users["friend"], data={"name_en": "Secret mulch"})
    _not_found(client_for("partner").get(f"/en/practices/drafts/{draft.pk}/"), "Secret mulch")
    assert "Secret mulch" in client_for("friend").get(f"/en/practices/drafts/{draft.pk}/").content.decode()


def test_projects_someone_elses_proposal(client_for, role_users):
    from tests.projects.factories import ProposalFactory

    proposal = ProposalFactory(owner=role_users["applicant"], title="Secret agroforestry plan")
    for role in ("friend", "reviewer", "funder"):
        _not_found(client_for(role).get(f"/en/my/proposals/{proposal.pk}/"), "Secret agroforestry plan")
    own = client_for("applicant").get(f"/en/my/proposals/{proposal.pk}/").content.decode()
    assert "Secret agroforestry plan" in own


def test_newsletter_edition_not_sent_yet(client_for, db):
    from django.utils import timezone

    from newsletter.models import Edition
    from tests.newsletter.factories import EditionFactory

    draft = EditionFactory(subject_en="Unsent soil news", status=Edition.Status.DRAFT)
    sent = EditionFactory(subject_en="Sent soil news", status=Edition.Status.SENT, finished_at=timezone.now())
    for role in ("anonymous", "friend", "secretariat"):
        _not_found(client_for(role).get(f"/en/newsletter/archive/{draft.key}/"), "Unsent soil news")
    assert "Sent soil news" in client_for("anonymous").get(f"/en/newsletter/archive/{sent.key}/").content.decode()
    _not_found(client_for("friend").get(f"/en/newsletter/editions/{draft.pk}/"), "Unsent soil news")


# --- Every view asks the helper ---------------------------------------------------------------------


def _url_views():
    """{"module.function": function} of every URL pattern served by one of the apps."""

    def walk(patterns):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns)
            elif isinstance(p, URLPattern):
                yield p.callback

    views = {}
    for callback in walk(get_resolver().url_patterns):
        view = inspect.unwrap(getattr(callback, "view_class", callback))
        if view.__module__.split(".")[0] in APPS:
            views[f"{view.__module__}.{view.__qualname__}"] = view
    return views


def _views_modules():
    """Every module of a ``views`` module or package of the apps."""
    names = []
    for app in APPS:
        spec = importlib.util.find_spec(f"{app}.views")
        if spec is None:
            continue
        names.append(spec.name)
        for location in spec.submodule_search_locations or []:
            import pkgutil

            names += [f"{app}.views.{info.name}" for info in pkgutil.iter_modules([location])]
    return names


class _Module:
    """The parsed source of one module: its top-level functions and classes, and what it imports."""

    cache = {}

    def __init__(self, name):
        spec = importlib.util.find_spec(name)
        with open(spec.origin, encoding="utf-8") as source:
            tree = ast.parse(source.read())
        package = name if spec.submodule_search_locations else name.rpartition(".")[0]
        self.name = name
        self.defs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)}
        self.imports = {}  # local name -> (module, name) or (module, None) for "import module"
        for node in tree.body:
            if isinstance(node, ast.ImportFrom):
                base = importlib.util.resolve_name("." * node.level + (node.module or ""), package)
                for alias in node.names:
                    self.imports[alias.asname or alias.name] = (base, alias.name)

    @classmethod
    def of(cls, name):
        if name not in cls.cache:
            cls.cache[name] = cls(name)
        return cls.cache[name]

    def _is_helper(self, func, names):
        """``func`` (a call's or a decorator's callee) is one of portal.permissions' ``names``."""
        if isinstance(func, ast.Name):
            return self.imports.get(func.id) in {("portal.permissions", n) for n in names}
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            return self.imports.get(func.value.id) == ("portal", "permissions") and func.attr in names
        return False

    def _local(self, func):
        """The (module, name) of a function of the apps that ``func`` names, else None."""
        if isinstance(func, ast.Name):
            if func.id in self.defs:
                return self.name, func.id
            target = self.imports.get(func.id)
            if target and target[0].split(".")[0] in APPS:
                return target
        return None

    def asks(self, name, seen=None):
        """Whether ``name`` is decorated with permission_required, or calls require/object_or_404,
        directly or through one of the apps' own helper functions."""
        seen = seen if seen is not None else set()
        if (self.name, name) in seen or name not in self.defs:
            return False
        seen.add((self.name, name))
        node = self.defs[name]
        for decorator in getattr(node, "decorator_list", []):
            if isinstance(decorator, ast.Call) and self._is_helper(decorator.func, {"permission_required"}):
                return True
        for call in (n for n in ast.walk(node) if isinstance(n, ast.Call)):
            if self._is_helper(call.func, {"require", "object_or_404"}):
                return True
            local = self._local(call.func)
            if local and importlib.util.find_spec(local[0]) and _Module.of(local[0]).asks(local[1], seen):
                return True
        return False


def _all_views():
    views = set(_url_views())
    for name in _views_modules():
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            function = inspect.unwrap(value) if callable(value) else None
            if (
                inspect.isfunction(function)
                and function.__module__ == name
                and not attr.startswith("_")
                and list(inspect.signature(function).parameters)[:1] == ["request"]
            ):
                views.add(f"{name}.{attr}")
    return sorted(views)


def test_the_scan_finds_the_views_of_every_app():
    views = _all_views()
    for app in APPS:
        assert any(v.startswith(f"{app}.") for v in views), app
    assert "projects.views.stc.review" in views and "partners.initiatives.initiative_detail" in views


def test_every_view_asks_its_rule_through_portal_permissions():
    silent = []
    for view in _all_views():
        module, _dot, name = view.rpartition(".")
        if view not in ALLOWED_WITHOUT_RULE and not _Module.of(module).asks(name):
            silent.append(view)
    assert silent == [], "views that ask no rule through portal.permissions: " + ", ".join(silent)


def test_every_operation_of_the_public_api_asks_its_rule():
    """The API's endpoints are django-ninja operations (their URL views are ninja's): each is declared
    through portal.api.endpoint, which asks the rule it names before the endpoint runs."""
    import rules

    from practices.api_urls import public_api

    operations = [
        (path, operation)
        for _prefix, router in public_api._routers
        for path, path_view in router.path_operations.items()
        for operation in path_view.operations
    ]
    assert len(operations) >= 14  # 7 endpoints, GET and HEAD
    for path, operation in operations:
        permission = getattr(operation.view_func, "permission", None)
        assert permission and rules.perm_exists(permission), path


def test_the_allow_list_names_views_that_exist_and_ask_no_rule():
    views = _all_views()
    for view in ALLOWED_WITHOUT_RULE:
        module, _dot, name = view.rpartition(".")
        assert view in views and not _Module.of(module).asks(name), view


def test_the_scan_catches_a_view_that_asks_nothing(tmp_path, monkeypatch):
    (tmp_path / "scanprobe.py").write_text(
        "from portal.permissions import require\n"
        "from django.shortcuts import render\n\n"
        "def _guard(request):\n    require(request, 'portal.view_dashboard')\n\n"
        "def guarded(request):\n    _guard(request)\n\n"
        "def silent(request):\n    if not request.user.has_perm('portal.view_dashboard'):\n        raise ValueError\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    probe = _Module("scanprobe")
    assert probe.asks("guarded") and not probe.asks("silent")
