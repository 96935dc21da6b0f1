from django.urls import path

from .views import applicants, funders, public, stc

app_name = "projects"

urlpatterns = [
    path("calls/", public.call_list, name="calls"),
    path("calls/<int:year>/", public.call_detail, name="call"),
    path("calls/<int:year>/self-assessment/", public.self_assessment, name="self_assessment"),
    path("my/proposals/", applicants.my_proposals, name="my_proposals"),
    path("my/proposals/new/<int:year>/", applicants.proposal_create, name="proposal_create"),
    path("my/proposals/<int:pk>/", applicants.proposal_detail, name="proposal"),
    path("my/proposals/<int:pk>/withdraw/", applicants.withdraw, name="withdraw"),
    path("my/proposals/<int:pk>/submit/", applicants.proposal_submit, name="proposal_submit"),
    path("my/proposals/<int:pk>/reopen/", applicants.proposal_reopen, name="proposal_reopen"),
    path("my/proposals/<int:pk>/documents/", applicants.document_add, name="document_add"),
    path("my/proposals/<int:pk>/members/", applicants.member_invite, name="member_invite"),
    path("my/proposals/<int:pk>/members/<int:member>/", applicants.member_access, name="member_access"),
    path("my/proposals/<int:pk>/members/<int:member>/revoke/", applicants.member_revoke, name="member_revoke"),
    path("my/proposals/invitations/<str:token>/", applicants.invitation, name="invitation"),
    path("my/proposals/<int:pk>/documents/<int:document>/", applicants.document, name="document"),
    path(
        "my/proposals/<int:pk>/documents/<int:document>/remove/",
        applicants.document_remove,
        name="document_remove",
    ),
    path("review/", stc.review_workspace, name="review_workspace"),
    path("review/languages/", stc.review_languages, name="review_languages"),
    path("review/<int:pk>/", stc.review, name="review"),
    path("review/<int:pk>/conflict/", stc.declare_conflict, name="declare_conflict"),
    path("review/calls/<int:year>/", stc.call_manage, name="call_manage"),
    path("review/calls/<int:year>/ranking.csv", stc.ranking_csv, name="ranking_csv"),
    path("review/calls/<int:year>/ranking.xlsx", stc.ranking_xlsx, name="ranking_xlsx"),
    path("review/calls/<int:year>/assign/", stc.assign, name="assign"),
    path("review/calls/<int:year>/auto-assign/", stc.auto_assign, name="auto_assign"),
    path("review/calls/<int:year>/close-reviewing/", stc.close_reviewing, name="close_reviewing"),
    path("review/calls/<int:year>/publish/", stc.publish_decisions, name="publish_decisions"),
    path("review/proposals/<int:pk>/", stc.stc_proposal, name="stc_proposal"),
    path("funders/", funders.funder_list, name="funders"),
    path("funders/<int:pk>/", funders.funder_proposal, name="funder_proposal"),
]
