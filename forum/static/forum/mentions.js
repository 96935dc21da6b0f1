// @mention suggestions under the forum's text boxes: the server answers with the people who may read
// the category only (forum.views.mentions). No inline script: the URL comes from data-mentions.
(function () {
  "use strict";
  document.querySelectorAll("form[data-mentions]").forEach(function (form) {
    var box = form.querySelector("textarea");
    if (!box) return;
    var list = document.createElement("ul");
    list.className = "mention-suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    box.insertAdjacentElement("afterend", list);
    var timer = null;
    function currentWord() {
      var before = box.value.slice(0, box.selectionStart);
      var match = /(^|\s)@([a-z0-9-]{2,40})$/i.exec(before);
      return match ? match[2] : null;
    }
    function insert(handle) {
      var start = box.selectionStart;
      var before = box.value.slice(0, start).replace(/@[a-z0-9-]*$/i, "@" + handle + " ");
      box.value = before + box.value.slice(start);
      box.focus();
      box.setSelectionRange(before.length, before.length);
      list.hidden = true;
    }
    box.addEventListener("input", function () {
      clearTimeout(timer);
      var word = currentWord();
      if (!word) { list.hidden = true; return; }
      timer = setTimeout(function () {
        fetch(form.dataset.mentions + "&q=" + encodeURIComponent(word), { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.textContent = "";
            data.results.forEach(function (person) {
              var item = document.createElement("li");
              var button = document.createElement("button");
              button.type = "button";
              button.className = "link-button";
              button.textContent = "@" + person.handle + " (" + person.name + ")";
              button.addEventListener("click", function () { insert(person.handle); });
              item.appendChild(button);
              list.appendChild(item);
            });
            list.hidden = data.results.length === 0;
          });
      }, 200);
    });
  });
})();
