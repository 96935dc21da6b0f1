/* The hotspot overlay (soil carbon sequestration potential / loss risk), shared by the partner map and
   the lazily loaded maps of practices and initiatives. The GeoJSON is fetched the first time a person
   switches the layer on, so a map that never shows it costs nothing. The texts (legend, popup labels and
   units, the empty-layer notice) come translated from the element's data-hotspots-* attributes
   (partners/_hotspot_data.html); numbers are written in the page's language. */
function addHotspotLayer(map, url, label, texts) {
  "use strict";
  texts = texts || {};
  var lang = document.documentElement.lang || "en";
  var number = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  function esc(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }
  function line(name, value, unit) {
    return "<br>" + esc(name || "") + ": " + esc(number.format(value)) + "\u00a0" + esc(unit || "");
  }
  var loaded = false;
  var layer = L.geoJSON(null, {
    style: function (f) {
      return { color: f.properties.kind === "loss" ? "#b3261e" : "#1f6f8b", weight: 1, fillOpacity: 0.25 };
    },
    onEachFeature: function (f, shape) {
      var p = f.properties;
      shape.bindPopup("<strong>" + esc(p.name) + "</strong>" +
        "<br>" + esc(p.kind === "loss" ? texts.hotspotsLoss : texts.hotspotsPotential) +
        line(texts.hotspotsStock, p.initial_stock, texts.hotspotsStockUnit) +
        line(texts.hotspotsBau, p.rate_bau, texts.hotspotsUnit) +
        line(texts.hotspotsRate, p.rate_ssm1, texts.hotspotsUnit) +
        "<br><small>" + esc(p.source) + " " + esc(p.version) + "</small>");
    }
  });

  // The legend appears with the layer: what the two colours mean, or that the layer is empty.
  var legend = L.control({ position: "bottomleft" });
  var legendBox = null;
  legend.onAdd = function () {
    legendBox = L.DomUtil.create("div", "map-legend");
    legendBox.setAttribute("role", "status");
    legendBox.innerHTML = "<strong>" + esc(texts.hotspotsLegend || label) + "</strong>" +
      "<span class=\"legend-item\"><span class=\"swatch swatch-potential\" aria-hidden=\"true\"></span>" +
      esc(texts.hotspotsPotential) + "</span>" +
      "<span class=\"legend-item\"><span class=\"swatch swatch-loss\" aria-hidden=\"true\"></span>" +
      esc(texts.hotspotsLoss) + "</span><span class=\"legend-note\"></span>";
    return legendBox;
  };
  function showCount(count) {
    if (!legendBox) { return; }
    legendBox.querySelector(".legend-note").textContent = count === 0 ? (texts.hotspotsEmpty || "") : "";
    legendBox.classList.toggle("is-empty", count === 0);
  }
  var count = null;
  map.on("overlayadd", function (e) {
    if (e.layer !== layer) { return; }
    legend.addTo(map);
    if (count !== null) { showCount(count); }
    if (loaded) { return; }
    loaded = true;
    fetch(url).then(function (r) { return r.json(); }).then(function (data) {
      layer.addData(data);
      count = (data.features || []).length;
      showCount(count);
    });
  });
  map.on("overlayremove", function (e) {
    if (e.layer === layer) { legend.remove(); legendBox = null; }
  });
  var overlays = {};
  overlays[label] = layer;
  L.control.layers(null, overlays, { collapsed: false, position: "topright" }).addTo(map);
  return layer;
}
