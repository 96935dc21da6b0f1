from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partners.hotspots import HotspotImportError, import_hotspots


class Command(BaseCommand):
    help = (
        "Import a hotspot layer from a GeoJSON FeatureCollection in EPSG:4326 (properties: name, kind "
        "potential|loss, initial_stock, rate_bau, rate_ssm1-3, relative_ssm1-3, uncertainty, depth_cm). "
        "All or nothing; re-importing the same --source and --layer-version replaces that layer."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--source", default="FAO GSOCseq")
        parser.add_argument("--layer-version", dest="layer_version", default="1.0")

    def handle(self, *args, file, source, layer_version, **options):
        try:
            text = Path(file).read_text(encoding="utf-8-sig")
        except OSError as error:
            raise CommandError(str(error)) from error
        try:
            hotspots = import_hotspots(text, source=source, version=layer_version)
        except HotspotImportError as error:
            raise CommandError("Nothing was imported:\n  " + "\n  ".join(error.problems)) from error
        self.stdout.write(f"Imported {len(hotspots)} hotspots ({source} {layer_version}).")
