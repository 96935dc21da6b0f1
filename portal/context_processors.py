from django.conf import settings


def portal(request):
    return {
        "SITE_URL": settings.SITE_URL,
        "PORTAL_LANGUAGES": settings.LANGUAGES,
        # Every map's tile layer (templates/portal/_map_setup.html → static/js/portal_map.js).
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
    }
