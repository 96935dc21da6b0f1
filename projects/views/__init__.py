"""Views of the call, one module per audience (thin: permissions, forms, services, templates).

- ``public``: the calls, a call's page and the self-assessment (anybody).
- ``applicants``: proposals, their documents, co-applicants and invitations, withdrawal.
- ``stc``: the reviewer's workspace and reviews; the chair's management, assignment, ranking and
  decisions.
- ``funders``: positively assessed proposals and expressions of interest.
- ``common``: the few helpers they share.

Every view asks its django-rules permission through portal.permissions (tests/portal/test_permissions.py
checks it).
"""
