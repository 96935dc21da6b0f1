/* The one place every map of the portal is set up (partner map, practice and initiative maps, proposal
   and office location maps). Its <script> tag (templates/portal/_map_setup.html) carries, as data-
   attributes, the tile layer of settings.MAP_TILE_URL / MAP_TILE_ATTRIBUTION, the addresses of Leaflet
   and the folder of Leaflet's marker images. Leaflet guesses that folder from its stylesheet, which
   a lazily loaded map does not have yet (hence requests for /static/leafletmarker-icon.png): it is set
   here explicitly before any map is drawn. */
(function () {
  "use strict";
  var config = document.currentScript.dataset;
  var waiting = {};

  /* Load a script and its stylesheets once, then call back; at once when `ready()` says it is there. */
  function loadOnce(name, ready, js, stylesheets, callback) {
    if (ready()) { callback(); return; }
    if (waiting[name]) { waiting[name].push(callback); return; }
    waiting[name] = [callback];
    stylesheets.forEach(function (href) {
      var css = document.createElement("link");
      css.rel = "stylesheet"; css.href = href;
      document.head.appendChild(css);
    });
    var script = document.createElement("script");
    script.src = js;
    script.onload = function () { waiting[name].forEach(function (f) { f(); }); waiting[name] = null; };
    document.head.appendChild(script);
  }

  /* Leaflet (script and stylesheet). */
  window.portalLoadLeaflet = function (callback) {
    loadOnce("leaflet", function () { return window.L; }, config.leafletJs, [config.leafletCss], callback);
  };

  /* Leaflet, then Leaflet.markercluster (vendored) and its styles: maps of thousands of places draw
     clusters. */
  window.portalLoadClusters = function (callback) {
    window.portalLoadLeaflet(function () {
      loadOnce("clusters", function () { return L.markerClusterGroup; }, config.clusterJs,
        config.clusterCss.split(" "), callback);
    });
  };

  /* A Leaflet map on `element` with the portal's tiles, marker images and control positions: zoom
     buttons top left, the layer control (js/hotspots.js) top right, so neither covers the other. */
  window.portalMap = function (element, options) {
    L.Icon.Default.imagePath = config.imagePath;
    var map = L.map(element, L.extend({ zoomControl: false }, options || {}));
    L.control.zoom({ position: "topleft" }).addTo(map);
    L.tileLayer(config.tileUrl, { maxZoom: 18, attribution: config.tileAttribution }).addTo(map);
    return map;
  };
}());
