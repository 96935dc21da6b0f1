"""RSS and Atom feeds of CMS pages, one per language (the current one), built with Django's
syndication framework. A feed names its page model and date field: news (``date``), press releases
(``date``) and events (``start``: sorted by it, dated by it); each has an RSS and an Atom class and two
URL patterns (/<lang>/feeds/<kind>.rss|.atom), linked from its index page's <head>.

Only listed pages appear (portal.localisation.listed: live, public, not aliases)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import localisation
from .models import NewsPage
from .pages import EventPage, PressReleasePage

FEED_LENGTH = 30


class PageFeed(Feed):
    """The latest pages of ``model`` in the current language. ``date_field`` names a date or datetime
    field to sort and date items by (empty: when the page was first published)."""

    model = None
    date_field = ""
    description = _("Soils for food security and climate: the portal of the 4 per 1000 Initiative.")

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def link(self):
        return f"/{get_language()}/"

    def items(self):
        pages = localisation.listed(self.model.objects.filter(locale__language_code=get_language()))
        order = [f"-{self.date_field}"] if self.date_field else []
        return pages.order_by(*order, "-first_published_at", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return getattr(item, "summary", "") or item.search_description

    def item_link(self, item):
        return item.get_url(self.request)

    def item_guid(self, item):
        # Stable across renames and moves: the page's translation key and language.
        return f"urn:uuid:{item.translation_key}:{item.locale_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        value = getattr(item, self.date_field, None) if self.date_field else None
        if isinstance(value, datetime.datetime):
            return value
        if isinstance(value, datetime.date):
            return datetime.datetime.combine(value, datetime.time(), tzinfo=datetime.UTC)
        return item.first_published_at or timezone.now()

    def item_updateddate(self, item):
        return item.last_published_at


class NewsFeed(PageFeed):
    model = NewsPage
    date_field = "date"
    title = _("News of the 4 per 1000 Initiative")


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = PageFeed.description


class PressReleaseFeed(PageFeed):
    model = PressReleasePage
    date_field = "date"
    title = _("Press releases of the 4 per 1000 Initiative")


class PressReleaseAtomFeed(PressReleaseFeed):
    feed_type = Atom1Feed
    subtitle = PageFeed.description


class EventFeed(PageFeed):
    """Events by their start, the latest first (upcoming ones included); an item's date is its start."""

    model = EventPage
    date_field = "start"
    title = _("Events of the 4 per 1000 Initiative")


class EventAtomFeed(EventFeed):
    feed_type = Atom1Feed
    subtitle = PageFeed.description
