/* The partner map: GeoJSON from the cached public API, drawn with Leaflet.markercluster (vendored in
   static/vendor/leaflet.markercluster/). Every office and every cluster is a marker a keyboard reaches
   (Tab, then Enter: a cluster zooms in; offices at the same point spread out, "spiderfied"). The
   hotspot overlay comes from js/hotspots.js; the map itself from js/portal_map.js. */
(function () {
  "use strict";
  var el = document.getElementById("partner-map");
  if (!el || !window.L) { return; }
  var map = portalMap(el, { worldCopyJump: true }).setView([20, 0], 2);
  var clusters = L.markerClusterGroup({ showCoverageOnHover: false, spiderfyOnMaxZoom: true, maxClusterRadius: 60 });
  map.addLayer(clusters);
  var officeIcon = L.divIcon({ className: "office-icon", iconSize: [18, 18] });

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

  function load(query) {
    // The organisations' names in the page's language.
    var lang = "lang=" + encodeURIComponent(document.documentElement.lang || "en");
    fetch(el.dataset.geojson + "?" + lang + (query ? "&" + query : ""), { headers: { Accept: "application/geo+json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var features = data.features || [];
        clusters.clearLayers();
        clusters.addLayers(features.map(function (f) {
          var c = f.geometry.coordinates, p = f.properties;
          var name = p.name + (p.office ? ", " + p.office : "");
          return L.marker([c[1], c[0]], { icon: officeIcon, keyboard: true, title: name, alt: name }).bindPopup(popup(f));
        }));
        // The plural form of the page's language (data-count-one / data-count-other, from ngettext).
        var form = new Intl.PluralRules(document.documentElement.lang).select(features.length);
        var label = form === "one" ? el.dataset.countOne : el.dataset.countOther;
        document.getElementById("map-count").textContent = label.replace("{count}", features.length);
      });
  }

  // The hotspot layer (sequestration potential / loss risk), fetched the first time it is switched on.
  if (el.dataset.hotspots) { addHotspotLayer(map, el.dataset.hotspots, el.dataset.hotspotsLabel, el.dataset); }

  var form = document.getElementById("map-filters");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = new URLSearchParams(new FormData(form)).toString();
    history.replaceState(null, "", "?" + query);
    load(query);
  });
  load(window.location.search.replace(/^\?/, ""));
}());
