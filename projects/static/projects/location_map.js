/* Proposal location maps. Leaflet is loaded only when the page has a [data-location-map].
 * - With data-input (the id of the GeoJSON text field): a click places the point and writes
 *   {"type": "Point", "coordinates": [longitude, latitude]} (EPSG:4326) into the field; typing in
 *   the field moves the marker. Without JavaScript the field alone still works.
 * - With data-geojson: a small read-only map of that point. */
(function () {
  var maps = document.querySelectorAll("[data-location-map]");
  var script = document.currentScript;
  if (!maps.length) return;

  function toLatLng(text) {
    try {
      var g = JSON.parse(text);
      if (g && g.type === "Feature") g = g.geometry;
      if (g && g.type === "Point" && g.coordinates && g.coordinates.length >= 2) {
        return L.latLng(g.coordinates[1], g.coordinates[0]);
      }
    } catch (e) { /* not GeoJSON yet: the server explains what is wrong */ }
    return null;
  }

  function round(value) { return Math.round(value * 1e6) / 1e6; }

  function start() {
    maps.forEach(function (element) {
      var input = element.dataset.input ? document.getElementById(element.dataset.input) : null;
      var map = L.map(element, {scrollWheelZoom: false, worldCopyJump: true}).setView([10, 0], 1);
      element.leafletMap = map;  // browser tests read the map's projection from here
      L.tileLayer("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", {
        maxZoom: 18, attribution: "&copy; OpenStreetMap"
      }).addTo(map);
      var marker = null;
      function place(latlng) {
        if (marker) marker.setLatLng(latlng);
        else marker = L.marker(latlng, {keyboard: false, alt: element.dataset.markerLabel || ""}).addTo(map);
      }
      var initial = toLatLng(input ? input.value : element.dataset.geojson);
      if (initial) { place(initial); map.setView(initial, input ? 5 : 6); }
      if (!input) return;
      map.on("click", function (event) {
        var latlng = event.latlng.wrap();
        place(latlng);
        input.value = JSON.stringify({type: "Point", coordinates: [round(latlng.lng), round(latlng.lat)]});
      });
      input.addEventListener("change", function () {
        var latlng = toLatLng(input.value);
        if (latlng) { place(latlng); map.panTo(latlng); }
      });
    });
  }

  if (window.L) { start(); return; }
  var css = document.createElement("link");
  css.rel = "stylesheet"; css.href = script.dataset.leafletCss;
  document.head.appendChild(css);
  var leaflet = document.createElement("script");
  leaflet.src = script.dataset.leafletJs;
  leaflet.onload = start;
  document.head.appendChild(leaflet);
})();
