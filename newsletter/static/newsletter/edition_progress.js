/* Live progress of an edition being sent: polls the progress URL of <progress id="edition-progress">
   every two seconds while the edition is sending (its data-status). */
(function () {
  "use strict";
  var bar = document.getElementById("edition-progress");
  if (!bar || bar.dataset.status !== "sending") { return; }
  function tick() {
    fetch(bar.dataset.url, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (p) {
      bar.value = p.percent;
      document.getElementById("progress-sent").textContent = p.sent;
      document.getElementById("progress-failed").textContent = p.failed;
      document.getElementById("progress-remaining").textContent = p.remaining;
      document.getElementById("progress-rate").textContent = p.rate;
      if (p.status === "sending") { setTimeout(tick, 2000); }
    });
  }
  setTimeout(tick, 2000);
}());
