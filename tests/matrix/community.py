"""Rows of the community app: the Friends' sign-up, member profiles and directory, contact through the
portal, college spaces (404 outside the college) and region spaces."""

from . import LOGIN, NOT_FOUND, Entry, Expect, ok


def setup(data):
    from partners.models import RegionalCorrespondent
    from portal.models import Region
    from tests.community.factories import ProfileFactory

    oceania = Region.objects.get(code="oceania")
    friend = data["users"]["friend"]
    friend.display_name = "Matrix Friend"
    friend.save(update_fields=["display_name"])
    ProfileFactory(user=friend, country="NZ", region=oceania, about="Kiwi orchards under cover crops.")
    RegionalCorrespondent.objects.get_or_create(user=data["users"]["correspondent"], region=oceania)
    return {"friend_pk": friend.pk}


MEMBERS_ONLY = {"anonymous": LOGIN}

ENTRIES = [
    Entry(
        pattern="<lang>/friends/join/",
        url=lambda d: "/en/friends/join/",
        default=ok("Join the Friends"),
        expect={
            "anonymous": ok("Password (again)"),
            "friend": Expect(302, "/en/members/"),
        },
        note="Visitors create an account and a profile; members add a profile; a Friend with one goes to it.",
    ),
    Entry(pattern="<lang>/members/", url=lambda d: "/en/members/", default=ok("Matrix Friend"), expect=MEMBERS_ONLY),
    Entry(
        pattern="<lang>/members/profile/",
        url=lambda d: "/en/members/profile/",
        default=NOT_FOUND,
        expect={"anonymous": LOGIN, "friend": ok("Save my profile")},
    ),
    Entry(
        pattern="<lang>/members/profile/delete/",
        url=lambda d: "/en/members/profile/delete/",
        default=NOT_FOUND,
        expect={"anonymous": LOGIN, "friend": ok("Yes, delete my profile")},
    ),
    Entry(
        pattern="<lang>/members/<int:pk>/",
        url=lambda d: f"/en/members/{d['friend_pk']}/",
        default=ok("Kiwi orchards under cover crops."),
        expect={"anonymous": NOT_FOUND, "friend": ok("This is your profile")},
        note="Profiles are for signed-in members only: a visitor gets a 404.",
    ),
    Entry(
        pattern="<lang>/members/<int:pk>/contact/",
        url=lambda d: f"/en/members/{d['friend_pk']}/contact/",
        default=ok("Send the message"),
        expect={"anonymous": LOGIN, "friend": NOT_FOUND},
        note="Nobody writes to themself.",
    ),
    Entry(
        pattern="<lang>/colleges/<slug:code>/",
        url=lambda d: "/en/colleges/research/",
        default=NOT_FOUND,
        expect={"partner": ok("Members of the college"), "secretariat": ok("Partners of the college")},
        note="The partner account edits Matrix Soil Lab (research college); everyone else gets a 404, visitors too.",
    ),
    Entry(
        pattern="<lang>/regions/<slug:code>/",
        url=lambda d: "/en/regions/oceania/",
        default=ok("Members in the region"),
        expect={
            "anonymous": ok("log in to see them"),
            "correspondent": ok("Requests of the region"),
            "secretariat": ok("Requests of the region"),
        },
    ),
    Entry(
        pattern="<lang>/partners/regions/<slug:code>/",
        url=lambda d: "/en/partners/regions/oceania/",
        default=Expect(301, "/en/regions/oceania/"),
        note="The region page moved to the region space.",
    ),
]
