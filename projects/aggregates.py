"""Database aggregates the ranking needs that Django does not ship.

``Median`` is computed in the database on both backends: PostgreSQL's ordered-set aggregate
``percentile_cont(0.5)``, and on SQLite/SpatiaLite a ``MEDIAN`` aggregate registered on every new
connection (``register_sqlite_median``, connected in ``ProjectsConfig.ready``). Both give the middle
value of an odd count and the mean of the two middle values of an even count; NULLs are ignored and
no row gives NULL.
"""

from django.db.models import Aggregate, FloatField


class Median(Aggregate):
    function = "MEDIAN"
    name = "Median"
    output_field = FloatField()
    allow_distinct = False

    def as_postgresql(self, compiler, connection, **extra_context):
        # Set on a copy: Aggregate.as_sql builds its FILTER template from ``self.template``.
        clone = self.copy()
        clone.template = "percentile_cont(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
        return clone.as_sql(compiler, connection, **extra_context)


class _SQLiteMedian:
    """SQLite calls step() per row and finalize() once per group."""

    def __init__(self):
        self.values = []

    def step(self, value):
        if value is not None:
            self.values.append(value)

    def finalize(self):
        if not self.values:
            return None
        values = sorted(self.values)
        middle = len(values) // 2
        if len(values) % 2:
            return float(values[middle])
        return (values[middle - 1] + values[middle]) / 2


def register_sqlite_median(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("MEDIAN", 1, _SQLiteMedian)
