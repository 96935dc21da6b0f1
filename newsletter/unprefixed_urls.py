"""URLs without a language prefix: the List-Unsubscribe address of RFC 8058 must stay stable, and
mail providers call the bounce webhooks (our own signed one, and the chosen provider's through anymail)."""

from django.urls import path

from . import providers, views

urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe, name="newsletter_unsubscribe"),
    path("unsubscribe/press/<str:token>/", views.press_unsubscribe, name="newsletter_press_unsubscribe"),
    path("webhooks/bounces/", views.bounce_webhook, name="newsletter_bounce_webhook"),
    path("webhooks/<slug:provider>/tracking/", providers.webhook, name="newsletter_provider_webhook"),
]
