"""The address of the person making a request, also behind the TLS proxy of a deployment."""

from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR, or, behind TRUSTED_PROXIES proxies, the address the outermost trusted proxy saw
    (X-Forwarded-For is read from the right: entries further left can be forged by the client)."""
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None
