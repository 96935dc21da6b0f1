/* "Add a line" for the budget of a proposal: each click copies the formset's empty form (the
   <template data-budget-line-template>, fields named budget-__prefix__-…) into a new row, numbered
   from TOTAL_FORMS, which it then raises, so that Django's formset reads every line. Without
   JavaScript the button stays hidden and the form keeps its two empty lines. */
(function () {
  "use strict";
  document.querySelectorAll("[data-budget-lines]").forEach(function (table) {
    var form = table.closest("form");
    var prefix = table.dataset.prefix;
    var template = form.querySelector("[data-budget-line-template]");
    var button = form.querySelector("[data-budget-add]");
    var full = form.querySelector("[data-budget-full]");
    var total = form.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var max = form.querySelector("input[name='" + prefix + "-MAX_NUM_FORMS']");
    if (!template || !button || !total) { return; }
    var nojs = form.querySelector("[data-budget-nojs]");
    if (nojs) { nojs.hidden = true; }
    function limitReached() {
      return max && parseInt(total.value, 10) >= parseInt(max.value, 10);
    }
    function refresh() {
      var reached = limitReached();
      button.disabled = reached;
      if (full) { full.hidden = !reached; }
    }
    button.hidden = false;
    refresh();
    button.addEventListener("click", function () {
      if (limitReached()) { return; }
      var index = parseInt(total.value, 10);
      var row = template.content.firstElementChild.cloneNode(true);
      row.querySelectorAll("[name], [id], [for]").forEach(function (el) {
        ["name", "id", "for"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value) { el.setAttribute(attr, value.replace("__prefix__", String(index))); }
        });
      });
      table.querySelector("tbody").appendChild(row);
      total.value = String(index + 1);
      refresh();
      var first = row.querySelector("input");
      if (first) { first.focus(); }
    });
  });
}());
