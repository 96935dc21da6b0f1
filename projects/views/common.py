"""What the views of the call share."""

from ..models import Proposal


def proposals():
    """Proposals with what every proposal page shows beside them (its call, its owner)."""
    return Proposal.objects.select_related("call", "owner")


def add_errors(form, message_dict):
    """Show the messages of a service's ValidationError (its ``message_dict``) next to the fields they
    name."""
    for field, errors in message_dict.items():
        for message in errors:
            form.add_error(field, message)
