/* The places of a practice sheet, picked on a map.
 * Every <textarea data-place-picker> (GeoJSON, EPSG:4326) gets a map just above it: a click on the
 * map adds a place, a click on a place (or Enter on it) removes it, and the field is rewritten as a
 * {"type": "MultiPoint", "coordinates": [[longitude, latitude], ...]}. The field stays visible and
 * editable: typing in it moves the places; without JavaScript it alone is the form. Leaflet is the
 * page's (django-leaflet's static files); this file holds no configuration of its own. */
(function () {
  var script = document.currentScript;
  var fields = document.querySelectorAll("textarea[data-place-picker]");
  if (!fields.length || !window.L) return;
  var placeLabel = (script && script.dataset.placeLabel) || "";
  L.Icon.Default.imagePath = (script && script.dataset.imagePath) || L.Icon.Default.imagePath;

  function round(value) { return Math.round(value * 1e6) / 1e6; }

  /* [[lng, lat], ...] read from GeoJSON text (Point, MultiPoint, Feature, FeatureCollection); null when
     the text is not GeoJSON (the server then says what is wrong). */
  function read(text) {
    if (!text.trim()) return [];
    var points = [];
    function walk(g) {
      if (!g) return;
      if (g.type === "Feature") walk(g.geometry);
      else if (g.type === "FeatureCollection") (g.features || []).forEach(walk);
      else if (g.type === "Point") points.push(g.coordinates);
      else if (g.type === "MultiPoint") points = points.concat(g.coordinates);
    }
    try { walk(JSON.parse(text)); } catch (e) { return null; }
    return points.filter(function (p) { return p && p.length >= 2; });
  }

  fields.forEach(function (field) {
    var element = document.createElement("div");
    element.className = "place-picker-map";
    element.setAttribute("role", "region");
    if (document.getElementById("place-picker-help")) element.setAttribute("aria-describedby", "place-picker-help");
    element.setAttribute("aria-label", (script && script.dataset.mapLabel) || "");
    field.parentNode.insertBefore(element, field);
    var map = L.map(element, {scrollWheelZoom: false, worldCopyJump: true}).setView([10, 0], 1);
    element.leafletMap = map;
    L.tileLayer("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 18, attribution: "&copy; OpenStreetMap"
    }).addTo(map);
    var markers = [];

    function write() {
      var coordinates = markers.map(function (m) {
        var p = m.getLatLng();
        return [round(p.lng), round(p.lat)];
      });
      field.value = coordinates.length ? JSON.stringify({type: "MultiPoint", coordinates: coordinates}) : "";
    }

    function add(latlng) {
      var marker = L.marker(latlng, {keyboard: true, title: placeLabel, alt: placeLabel}).addTo(map);
      marker.on("click", function (event) {
        L.DomEvent.stopPropagation(event);
        map.removeLayer(marker);
        markers.splice(markers.indexOf(marker), 1);
        write();
      });
      markers.push(marker);
    }

    function show(points) {
      markers.forEach(function (m) { map.removeLayer(m); });
      markers = [];
      points.forEach(function (p) { add(L.latLng(p[1], p[0])); });
      if (markers.length) map.fitBounds(L.featureGroup(markers).getBounds(), {maxZoom: 6, padding: [20, 20]});
    }

    show(read(field.value) || []);
    map.on("click", function (event) { add(event.latlng.wrap()); write(); });
    field.addEventListener("change", function () {
      var points = read(field.value);
      if (points) show(points);
    });
  });
})();
