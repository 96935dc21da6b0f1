"""URLs without a language prefix: the List-Unsubscribe address of RFC 8058 must stay stable."""

from django.urls import path

from . import views

urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe, name="newsletter_unsubscribe"),
]
