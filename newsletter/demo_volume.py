"""Generated newsletter subscribers at the Initiative's size (``seed_demo --scale initiative``): 100,000
readers in every language of the site, most active, with interests, inserted in bulk."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portal.models import Region, Theme
from portal.volume import Timer, bulk, bulk_through, rng, target

from .models import Subscriber


@transaction.atomic
def seed(volume, out):
    """Add the generated subscribers of ``volume`` (1.0: 100,000) once."""
    count = target("subscribers", volume)
    if count == 0 or Subscriber.objects.filter(email__endswith="@generated.demo.test").exists():
        return
    timer = Timer(out, "subscribers")
    generator = rng("subscribers")
    languages = [code for code, _name in settings.LANGUAGES]
    themes = list(Theme.objects.values_list("pk", flat=True))
    regions = list(Region.objects.values_list("pk", flat=True))
    now = timezone.now()
    interests = []

    def rows():
        for n in range(count):
            status = "active" if n % 10 else generator.choice(["pending", "unsubscribed", "suppressed"])
            interests.append((generator.sample(themes, n % 3), generator.sample(regions, n % 2)))
            yield Subscriber(
                email=f"reader{n + 1}@generated.demo.test",
                language=languages[n % len(languages)],
                status=status,
                consent_at=now if status != "pending" else None,
                consent_ip="192.0.2.10",
                press_review=n % 4 == 0,
            )

    saved = bulk(Subscriber, rows(), batch=5_000)
    bulk_through(Subscriber.themes, ((s.pk, pk) for s, (ts, _rs) in zip(saved, interests, strict=True) for pk in ts))
    bulk_through(Subscriber.regions, ((s.pk, pk) for s, (_ts, rs) in zip(saved, interests, strict=True) for pk in rs))
    timer.done(f"{count} generated subscribers")
