/* The hotspot overlay (soil carbon sequestration potential / loss risk), shared by the partner map and
   the lazily loaded maps of practices and initiatives. The GeoJSON is fetched the first time a person
   switches the layer on, so a map that never shows it costs nothing. */
function addHotspotLayer(map, url, label) {
  "use strict";
  function esc(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }
  var loaded = false;
  var layer = L.geoJSON(null, {
    style: function (f) {
      return { color: f.properties.kind === "loss" ? "#b3261e" : "#1f6f8b", weight: 1, fillOpacity: 0.25 };
    },
    onEachFeature: function (f, shape) {
      var p = f.properties;
      shape.bindPopup("<strong>" + esc(p.name) + "</strong><br>SSM1: " + esc(p.rate_ssm1) + " t C/ha/yr<br>" +
        esc(p.source) + " " + esc(p.version));
    }
  });
  map.on("overlayadd", function (e) {
    if (e.layer !== layer || loaded) { return; }
    loaded = true;
    fetch(url).then(function (r) { return r.json(); }).then(function (data) { layer.addData(data); });
  });
  var overlays = {};
  overlays[label] = layer;
  L.control.layers(null, overlays, { collapsed: false, position: "topright" }).addTo(map);
  return layer;
}
