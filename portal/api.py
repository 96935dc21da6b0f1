"""What every endpoint of the public read API (/api/v1/) shares: the django-ninja API that generates the
OpenAPI schema from the pydantic definitions that serialise the answers, the per-IP rate limit, the
error answers (400 and 429 always carry a message) and the non-JSON formats (GeoJSON, CSV).

The apps declare their endpoints on a ``ninja.Router`` (practices/api.py, partners/api.py);
portal/urls.py mounts them, so this module imports no domain app.
"""

import functools
import time
from enum import Enum
from typing import Annotated, Literal

from django.conf import settings
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import Throttled, ValidationError
from ninja.renderers import JSONRenderer
from ninja.throttling import BaseThrottle
from pydantic import StringConstraints

from . import counters
from .net import client_ip
from .permissions import require

GEOJSON = "application/geo+json"
CSV = "text/csv"
# The name of an endpoint's Query[Schema] argument.
FILTERS = "filters"
# An operation's openapi_extra carries its media type under this key until the schema is finished.
_MEDIA_TYPE = "x-media-type"

# Query text: no NUL (PostgreSQL refuses it in any string), bounded in length.
Text = Annotated[str, StringConstraints(pattern=r"^[^\x00]*$", max_length=200)]
# A vocabulary code (portal.models.Vocabulary: a slug of at most 64 characters).
Code = Annotated[str, StringConstraints(pattern=r"^[-a-zA-Z0-9_]*$", max_length=64)]
# A filter left empty in a form ("?evidence=") means no filter, as on the pages.
Blank = Literal[""]
CountryCode = Annotated[str, StringConstraints(pattern=r"^([A-Za-z]{2})?$")]


def choices(name, model_choices):
    """A model's choices as an enum named ``name`` in the schema. (The components of the schema are keyed
    by class name, and models name many of their choices Kind or Status: one would replace another.)"""
    return Enum(name, {member.name: member.value for member in model_choices}, type=type(model_choices.values[0]))


# The languages the portal speaks, from settings.LANGUAGES (never a list written here).
Language = Enum("Language", {code: code for code, _name in settings.LANGUAGES}, type=str)


class Point(Schema):
    type: Literal["Point"] = "Point"
    coordinates: list[float] = Field(min_length=2, max_length=2, description="Longitude, latitude (EPSG:4326).")


Ring = list[list[float]]


class Polygon(Schema):
    type: Literal["Polygon"] = "Polygon"
    coordinates: list[Ring]


class MultiPolygon(Schema):
    type: Literal["MultiPolygon"] = "MultiPolygon"
    coordinates: list[list[Ring]]


class Error(Schema):
    """What a refused request gets: a sentence, and the problems of each parameter when there are any."""

    error: str = Field(description="What was refused and why.")
    errors: dict[str, list[str]] | None = Field(None, description="Messages for each query parameter.")


REFUSALS = {400: Error, 429: Error}


class PerClientRate(BaseThrottle):
    """At most ``API_RATE_LIMIT`` requests a minute per client address, counted in the shared cache
    (Redis on real services) so that every worker process sees the same count."""

    def allow_request(self, request):
        window = int(time.time() // 60)
        ip = client_ip(request) or "unknown"
        return counters.hit(f"api-rate:{ip}:{window}", timeout=120) <= limit()

    def wait(self):
        return 60 - int(time.time()) % 60


def limit():
    return getattr(settings, "API_RATE_LIMIT", 120)


class UnicodeJSON(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


class PortalAPI(NinjaAPI):
    def _get_urls(self):
        """Ninja's root pattern (it finds its operations' prefix through it) points to the schema. (A 404
        there would be redirected to a language-prefixed HTML page by LocaleMiddleware.)"""
        urls = super()._get_urls()
        for index, pattern in enumerate(urls):
            if pattern.name == "api-root":
                urls[index] = path("", rate_limited(self._root), name=pattern.name)
        return urls

    def _root(self, request, **kwargs):
        schema = request.build_absolute_uri(reverse(f"{self.urls_namespace}:openapi-json"))
        return api_response(request, {"title": self.title, "version": self.version, "openapi": schema})

    def get_openapi_schema(self, **kwargs):
        """Ninja documents every answer as application/json; GeoJSON and CSV operations say what they send."""
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                media_type = operation.pop(_MEDIA_TYPE, None)
                if media_type:
                    ok = operation["responses"][200]
                    ok["content"] = {media_type: ok["content"].pop(JSONRenderer.media_type)}
        return schema


def _refusal(request, message, status, errors=None):
    return api_response(request, Error(error=message, errors=errors).model_dump(exclude_none=True), status=status)


def _invalid(request, exc):
    """400 for parameters that do not fit the schema, with pydantic's message for each parameter."""
    errors = {}
    for error in exc.errors:
        loc = [part for part in error.get("loc", ()) if part != "query"]
        # A Query[Schema] argument (always named ``filters``) comes before its fields in ``loc``.
        if loc and loc[0] == FILTERS:
            loc = loc[1:]
        if len(loc) > 1 and loc[1] == "literal['']":
            continue  # "or empty" (no filter): the other member of the union says what is expected
        name = str(loc[0]) if loc else "query"
        errors.setdefault(name, []).append(error.get("msg", ""))
    summary = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items())
    return _refusal(request, _("Invalid query parameters: %(problems)s") % {"problems": summary}, 400, errors)


def _throttled(request, exc):
    return _refusal(request, _("Too many requests: at most %(limit)d a minute.") % {"limit": limit()}, 429)


_renderer = UnicodeJSON()


def api_response(request, data, status=200):
    return HttpResponse(
        _renderer.render(request, data, response_status=status),
        status=status,
        content_type=f"{_renderer.media_type}; charset={_renderer.charset}",
    )


def refuse(request, message, errors=None):
    """The 400 answer of every endpoint, for problems found after the parameters' own validation."""
    return _refusal(request, message, 400, errors)


def rate_limited(view):
    """The rate limit for a plain Django view (the schema itself), as ninja applies it to operations."""
    throttle = PerClientRate()

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not throttle.allow_request(request):
            response = _throttled(request, Throttled(throttle.wait()))
            response["Retry-After"] = str(throttle.wait())
            return response
        return view(request, *args, **kwargs)

    return wrapper


def build(*routers, **info):
    """The public API with the apps' routers mounted at its root."""
    api = PortalAPI(
        urls_namespace="api",
        openapi_url="/openapi.json",
        docs_url=None,  # Swagger UI runs inline scripts: no place under the public site's strict CSP (DESIGN.md)
        docs_decorator=rate_limited,
        throttle=[PerClientRate()],
        renderer=_renderer,
        **info,
    )
    api.add_exception_handler(ValidationError, _invalid)
    api.add_exception_handler(Throttled, _throttled)
    for router in routers:
        api.add_router("", router)
    return api


def endpoint(router, route, *, name, perm, response, media_type=None, **options):
    """Declare a GET endpoint (answering HEAD as well, undocumented) whose 200 answer is ``response``,
    sent as ``media_type`` (JSON when None); 400 and 429 are documented for every endpoint. ``perm`` is
    the django-rules permission asked first, as every view of the portal does (portal.permissions)."""
    responses = {200: response, **REFUSALS}
    extra = {_MEDIA_TYPE: media_type} if media_type else None

    def register(view):
        @functools.wraps(view)  # ninja reads the parameters from the wrapped signature
        def checked(request, *args, **kwargs):
            require(request, perm)
            return view(request, *args, **kwargs)

        router.add_api_operation(
            route, ["GET"], checked, response=responses, url_name=name, openapi_extra=extra, **options
        )
        router.add_api_operation(
            route, ["HEAD"], checked, response=responses, url_name=name, include_in_schema=False, **options
        )
        return view

    return register


def typed_response(body, media_type, headers=None):
    """A GeoJSON or CSV answer whose body the endpoint wrote itself (from the same schema)."""
    content_type = f"{media_type}; charset=utf-8" if media_type == CSV else media_type
    return HttpResponse(body, content_type=content_type, headers=headers)
