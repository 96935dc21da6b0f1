/* Event times in the visitor's own time zone: each <time data-local-time datetime="ISO instant">
   gets a sibling line "Your time: …" written with Intl (the server already shows the event's zone
   and UTC, so nothing is lost without JavaScript). */
(function () {
  "use strict";
  if (!window.Intl || !Intl.DateTimeFormat) { return; }
  var lang = document.documentElement.lang || undefined;
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  document.querySelectorAll("[data-local-time]").forEach(function (el) {
    var when = new Date(el.getAttribute("datetime"));
    if (isNaN(when)) { return; }
    var text = new Intl.DateTimeFormat(lang, { dateStyle: "full", timeStyle: "short", timeZone: zone }).format(when);
    var out = document.getElementById(el.dataset.localTime);
    if (out) { out.textContent = (out.dataset.label || "") + " " + text + " (" + zone.replace(/_/g, " ") + ")"; out.hidden = false; }
  });
}());
