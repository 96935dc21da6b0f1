/* The map of a <details data-geojson> loads Leaflet and its GeoJSON only when opened. Leaflet, the
   tiles and the marker images come from js/portal_map.js (templates/portal/_map_setup.html); the
   address of the hotspot script from this script tag's data- attributes (no inline script: the
   Content-Security-Policy allows our static files only). */
(function () {
  "use strict";
  var script = document.currentScript;
  document.querySelectorAll("details[data-geojson]").forEach(function (details) {
    details.addEventListener("toggle", function () {
      if (!details.open || details.dataset.loaded) return;
      details.dataset.loaded = "1";
      portalLoadClusters(function () {
        var container = details.querySelector(".map");
        var map = portalMap(container).setView([10, 0], 2);
        fetch(details.dataset.geojson).then(function (r) { return r.json(); }).then(function (data) {
          var layer = L.geoJSON(data, {
            onEachFeature: function (feature, marker) {
              var link = document.createElement("a");
              link.href = feature.properties.url; link.textContent = feature.properties.name;
              marker.bindPopup(link);
            }
          });
          // Thousands of places (50,000 sheets at the Initiative's size) are clusters, added in chunks
          // so that a phone's page keeps answering.
          L.markerClusterGroup({chunkedLoading: true}).addLayer(layer).addTo(map);
          if (layer.getLayers().length) map.fitBounds(layer.getBounds(), {maxZoom: 8});
        });
        if (details.dataset.hotspots) {
          var shared = document.createElement("script");
          shared.src = script.dataset.hotspotsJs;
          shared.onload = function () { addHotspotLayer(map, details.dataset.hotspots, details.dataset.hotspotsLabel, details.dataset); };
          document.head.appendChild(shared);
        }
      });
    });
  });
}());
