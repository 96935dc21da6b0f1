"""Helpers for the generated demo volume (``seed_demo --scale initiative``): deterministic random
choices, rare made-up words and batched bulk inserts. Each domain app's ``demo_volume`` module builds its
own rows with them; nothing here is used outside demo data."""

import math
import random
import time

# The Initiative's size, the volume `seed_demo --scale initiative` generates on top of the hand-written
# demo (copied 20 times): 50,000 + 120 practice sheets, 10,000 + 240 organisations.
INITIATIVE_SIZE = {"practices": 50_000, "organisations": 10_000, "initiatives": 2_000, "subscribers": 100_000}
# How many copies of the hand-written demo data go with it.
INITIATIVE_COPIES = 20
BATCH = 2_000

SYLLABLES = (
    "ba be bi bo bu da de di do du fa fe fi fo ga ge gi go ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no "
    "nu pa pe pi po ra re ri ro ru sa se si so su ta te ti to tu wa we wi ya yo za zi zo"
).split()


def rng(name):
    """A random generator seeded by ``name``: the same data on every run."""
    return random.Random(f"4p1000-volume-{name}")


def made_up_word(generator, syllables=(2, 4)):
    """A pronounceable word that no dictionary has (local names, villages): the rare words of a corpus."""
    return "".join(generator.choice(SYLLABLES) for _ in range(generator.randint(*syllables)))


def zipf_weights(count, exponent=1.1):
    """Weights of a Zipf law: the first item is chosen far more often than the last."""
    return [1 / math.pow(rank, exponent) for rank in range(1, count + 1)]


def target(kind, volume):
    """The number of generated rows of ``kind`` for a volume (1.0 = the Initiative's size)."""
    return max(int(round(INITIATIVE_SIZE[kind] * volume)), 0)


class Timer:
    """Prints what a step made and how long it took (seed_demo prints each step's timing)."""

    def __init__(self, out, label):
        self.out, self.label, self.started = out, label, time.perf_counter()

    def done(self, what):
        if self.out is not None:
            self.out.write(f"  {self.label}: {what} in {time.perf_counter() - self.started:.1f} s")


def bulk(model, rows, batch=BATCH):
    """Insert ``rows`` (an iterable of unsaved instances) in batches; returns the saved objects."""
    saved, chunk = [], []
    for row in rows:
        chunk.append(row)
        if len(chunk) == batch:
            saved += model.objects.bulk_create(chunk, batch_size=batch)
            chunk = []
    if chunk:
        saved += model.objects.bulk_create(chunk, batch_size=batch)
    return saved


def bulk_through(relation, pairs, batch=10_000):
    """Insert many-to-many links ``pairs`` of (source id, target id) through ``relation``'s table."""
    through = relation.through
    source = relation.field.m2m_field_name() + "_id"
    destination = relation.field.m2m_reverse_field_name() + "_id"
    chunk = []
    for left, right in pairs:
        chunk.append(through(**{source: left, destination: right}))
        if len(chunk) == batch:
            through.objects.bulk_create(chunk, batch_size=batch)
            chunk = []
    if chunk:
        through.objects.bulk_create(chunk, batch_size=batch)
