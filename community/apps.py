from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")
    # seed_demo: Friends with profiles, once the demo accounts and the organisations exist.
    demo_module = "community.demo"
    demo_after = ("portal", "partners")
    # /my/: the person's profile and their college spaces (portal.desk).
    work_queues = "community.desk.work_queues"
    # portal.membership: a profile's world region makes its owner a member of that region.
    memberships = "community.membership.scopes"
    # portal.spaces: the college's partners and training courses; the region's members.
    space_panels = "community.spaces.panels"
    # portal.privacy: the profile in the data download, deleted with the account.
    personal_data = "community.privacy"
