from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("calls/", views.call_list, name="calls"),
    path("calls/<int:year>/", views.call_detail, name="call"),
    path("calls/<int:year>/self-assessment/", views.self_assessment, name="self_assessment"),
    path("my/proposals/", views.my_proposals, name="my_proposals"),
    path("my/proposals/new/<int:year>/", views.proposal_create, name="proposal_create"),
    path("my/proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("my/proposals/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("my/proposals/<int:pk>/documents/", views.document_add, name="document_add"),
    path("my/proposals/<int:pk>/members/", views.member_invite, name="member_invite"),
    path("my/proposals/<int:pk>/members/<int:member>/", views.member_access, name="member_access"),
    path("my/proposals/<int:pk>/members/<int:member>/revoke/", views.member_revoke, name="member_revoke"),
    path("my/proposals/invitations/<str:token>/", views.invitation, name="invitation"),
    path("my/proposals/<int:pk>/documents/<int:document>/", views.document, name="document"),
    path("review/", views.review_workspace, name="review_workspace"),
    path("review/languages/", views.review_languages, name="review_languages"),
    path("review/<int:pk>/", views.review, name="review"),
    path("review/<int:pk>/conflict/", views.declare_conflict, name="declare_conflict"),
    path("review/calls/<int:year>/", views.call_manage, name="call_manage"),
    path("review/calls/<int:year>/ranking.csv", views.ranking_csv, name="ranking_csv"),
    path("review/calls/<int:year>/ranking.xlsx", views.ranking_xlsx, name="ranking_xlsx"),
    path("review/calls/<int:year>/assign/", views.assign, name="assign"),
    path("review/calls/<int:year>/auto-assign/", views.auto_assign, name="auto_assign"),
    path("review/calls/<int:year>/publish/", views.publish_decisions, name="publish_decisions"),
    path("review/proposals/<int:pk>/", views.stc_proposal, name="stc_proposal"),
    path("funders/", views.funder_list, name="funders"),
    path("funders/<int:pk>/", views.funder_proposal, name="funder_proposal"),
]
