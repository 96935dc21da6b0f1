/* Location maps of one point (proposals, partner offices). Leaflet is loaded only when the page has a
 * [data-location-map]; the map itself comes from js/portal_map.js.
 * - With data-input (the id of the visible GeoJSON text field): a click places the point, or the marker
 *   is dragged, and {"type": "Point", "coordinates": [longitude, latitude]} (EPSG:4326) is written into
 *   that field; typing in the field moves the marker. Without JavaScript the field alone still works.
 * - With data-geojson: a small read-only map of that point. */
(function () {
  var maps = document.querySelectorAll("[data-location-map]");
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
      var map = portalMap(element, {scrollWheelZoom: false, worldCopyJump: true}).setView([10, 0], 1);
      element.leafletMap = map;  // browser tests read the map's projection from here
      var marker = null;
      function write(latlng) {
        input.value = JSON.stringify({type: "Point", coordinates: [round(latlng.lng), round(latlng.lat)]});
        input.dispatchEvent(new Event("input", {bubbles: true}));
      }
      function place(latlng) {
        if (marker) { marker.setLatLng(latlng); return; }
        marker = L.marker(latlng, {keyboard: false, draggable: !!input, alt: element.dataset.markerLabel || ""}).addTo(map);
        if (input) marker.on("dragend", function () { write(marker.getLatLng().wrap()); });
      }
      var initial = toLatLng(input ? input.value : element.dataset.geojson);
      if (initial) { place(initial); map.setView(initial, input ? 5 : 6); }
      if (!input) return;
      map.on("click", function (event) {
        var latlng = event.latlng.wrap();
        place(latlng);
        write(latlng);
      });
      input.addEventListener("change", function () {
        var latlng = toLatLng(input.value);
        if (latlng) { place(latlng); map.panTo(latlng); }
      });
    });
  }

  portalLoadLeaflet(start);
})();
