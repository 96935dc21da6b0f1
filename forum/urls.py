from django.urls import path

from . import views

app_name = "forum"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("notifications/", views.notifications, name="notifications"),
    path("mentions/", views.mentions, name="mentions"),
    path("moderation/", views.moderation_queue, name="moderation_queue"),
    path("moderation/log/", views.moderation_log, name="moderation_log"),
    path("c/<slug:slug>/", views.category, name="category"),
    path("c/<slug:slug>/new/", views.new_topic, name="new_topic"),
    path("c/<slug:slug>/subscription/", views.category_subscription, name="category_subscription"),
    path("t/<int:pk>/", views.topic, name="topic"),
    path("t/<int:pk>/reply/", views.reply, name="reply"),
    path("t/<int:pk>/subscription/", views.topic_subscription, name="topic_subscription"),
    path("t/<int:pk>/moderate/", views.moderate_topic, name="moderate_topic"),
    path("t/<int:pk>/move/", views.move_topic, name="move_topic"),
    path("p/<int:pk>/edit/", views.edit_post, name="edit_post"),
    path("p/<int:pk>/flag/", views.flag_post, name="flag_post"),
    path("p/<int:pk>/answer/", views.mark_answer, name="mark_answer"),
    path("p/<int:pk>/moderate/", views.moderate_post, name="moderate_post"),
    path("p/<int:pk>/history/", views.post_history, name="post_history"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
]
