/* Map blocks of CMS pages (<details data-map-block data-geojson>): Leaflet, its clusters (js/portal_map.js)
   and the GeoJSON load only when the reader opens the map. Loaded once per page even when several
   blocks include it. */
(function () {
  "use strict";
  if (window.__mapBlocks) { return; }
  window.__mapBlocks = true;
  function esc(text) { var d = document.createElement("div"); d.textContent = text == null ? "" : String(text); return d.innerHTML; }
  document.querySelectorAll("details[data-map-block]").forEach(function (details) {
    details.addEventListener("toggle", function () {
      if (!details.open || details.dataset.loaded) { return; }
      details.dataset.loaded = "1";
      portalLoadClusters(function () {
        var map = L.map(details.querySelector(".map")).setView([10, 0], 2);
        L.tileLayer("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", { maxZoom: 18, attribution: "&copy; OpenStreetMap" }).addTo(map);
        fetch(details.dataset.geojson).then(function (r) { return r.json(); }).then(function (data) {
          var layer = L.geoJSON(data, {
            pointToLayer: function (f, ll) { return L.circleMarker(ll, { radius: 6, color: "#fff", weight: 2, fillColor: "#2e6b30", fillOpacity: 0.9 }); },
            onEachFeature: function (f, marker) {
              var p = f.properties || {};
              marker.bindPopup(p.url ? "<a href=\"" + esc(p.url) + "\">" + esc(p.name) + "</a>" : esc(p.name));
            }
          });
          L.markerClusterGroup({ chunkedLoading: true }).addLayer(layer).addTo(map);
          if (layer.getLayers().length) { map.fitBounds(layer.getBounds(), { maxZoom: 8 }); }
        });
      });
    });
  });
}());
