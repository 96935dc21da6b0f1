/* The one place every map of the portal is set up (partner map, practice and initiative maps, proposal
   and office location maps). Its <script> tag (templates/portal/_map_setup.html) carries, as data-
   attributes, the tile layer of settings.MAP_TILE_URL / MAP_TILE_ATTRIBUTION, the addresses of Leaflet
   and the folder of Leaflet's marker images. Leaflet guesses that folder from its stylesheet, which
   a lazily loaded map does not have yet (hence requests for /static/leafletmarker-icon.png): it is set
   here explicitly before any map is drawn. */
(function () {
  "use strict";
  var config = document.currentScript.dataset;
  var waiting = null;

  /* Load Leaflet (script and stylesheet) once, then call back; at once if the page has it already. */
  window.portalLoadLeaflet = function (callback) {
    if (window.L) { callback(); return; }
    if (waiting) { waiting.push(callback); return; }
    waiting = [callback];
    var css = document.createElement("link");
    css.rel = "stylesheet"; css.href = config.leafletCss;
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = config.leafletJs;
    script.onload = function () { waiting.forEach(function (f) { f(); }); waiting = null; };
    document.head.appendChild(script);
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
