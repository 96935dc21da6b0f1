/* The partner map: GeoJSON from the cached public API, drawn as circle markers grouped on a
   screen grid (a simple clustering that stays smooth with 10,000 points; no CDN, nothing vendored
   beyond django-leaflet's Leaflet). The hotspot overlay comes from js/hotspots.js. */
(function () {
  "use strict";
  var el = document.getElementById("partner-map");
  if (!el || !window.L) { return; }
  var map = portalMap(el, { worldCopyJump: true }).setView([20, 0], 2);
  var layer = L.layerGroup().addTo(map);
  var features = [];
  var CELL = 60; // pixels

  function esc(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function popup(f) {
    var p = f.properties;
    return "<strong>" + esc(p.name) + "</strong>" + (p.acronym ? " (" + esc(p.acronym) + ")" : "") +
      (p.office ? "<br>" + esc(p.office) : "") +
      "<br><a href=\"" + el.dataset.sheetPrefix + encodeURIComponent(p.slug) + "/\">" + esc(el.dataset.openLabel) + "</a>";
  }

  function draw() {
    layer.clearLayers();
    var bounds = map.getBounds().pad(0.2);
    var cells = {};
    features.forEach(function (f) {
      var c = f.geometry.coordinates, ll = L.latLng(c[1], c[0]);
      if (!bounds.contains(ll)) { return; }
      var pt = map.project(ll, map.getZoom());
      var key = Math.floor(pt.x / CELL) + ":" + Math.floor(pt.y / CELL);
      (cells[key] = cells[key] || []).push(f);
    });
    Object.keys(cells).forEach(function (key) {
      var group = cells[key];
      if (group.length === 1 || map.getZoom() >= map.getMaxZoom()) {
        group.forEach(function (f) {
          var c = f.geometry.coordinates;
          L.circleMarker([c[1], c[0]], { radius: 7, color: "#fff", weight: 2, fillColor: "#2e6b30", fillOpacity: 0.9 })
            .bindPopup(popup(f)).addTo(layer);
        });
        return;
      }
      var lat = 0, lon = 0;
      group.forEach(function (f) { lon += f.geometry.coordinates[0]; lat += f.geometry.coordinates[1]; });
      var size = Math.min(56, 24 + Math.round(Math.log(group.length) * 6));
      var icon = L.divIcon({ html: String(group.length), className: "cluster-icon", iconSize: [size, size] });
      L.marker([lat / group.length, lon / group.length], { icon: icon, keyboard: true, title: String(group.length) })
        .on("click", function (e) { map.setView(e.latlng, Math.min(map.getZoom() + 2, map.getMaxZoom())); })
        .addTo(layer);
    });
  }

  function load(query) {
    fetch(el.dataset.geojson + (query ? "?" + query : ""), { headers: { Accept: "application/geo+json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        features = data.features || [];
        document.getElementById("map-count").textContent = features.length + " " + el.dataset.countLabel;
        draw();
      });
  }

  // The hotspot layer (sequestration potential / loss risk), fetched the first time it is switched on.
  if (el.dataset.hotspots) { addHotspotLayer(map, el.dataset.hotspots, el.dataset.hotspotsLabel); }

  map.on("moveend", draw);
  var form = document.getElementById("map-filters");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = new URLSearchParams(new FormData(form)).toString();
    history.replaceState(null, "", "?" + query);
    load(query);
  });
  load(window.location.search.replace(/^\?/, ""));
}());
