/* The phone menu (templates/base.html). Without JavaScript the "Menu" link jumps to the menu, which CSS
   opens with :target. With it, the link becomes a real button that opens and closes the menu and says so
   (aria-expanded); Escape closes it and gives the focus back to the button. On wide screens the menu is
   always shown and the button hidden (static/css/portal.css). */
(function () {
  "use strict";
  var header = document.querySelector(".site-header");
  var link = header && header.querySelector("a.nav-toggle");
  var nav = document.getElementById("site-nav");
  if (!link || !nav) { return; }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "nav-toggle";
  button.textContent = link.textContent;
  button.setAttribute("aria-controls", "site-nav");
  button.setAttribute("aria-expanded", "false");
  link.parentNode.replaceChild(button, link);
  header.classList.add("js-nav");

  function set(open) {
    header.classList.toggle("nav-open", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  button.addEventListener("click", function () { set(button.getAttribute("aria-expanded") !== "true"); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && header.classList.contains("nav-open")) {
      set(false);
      button.focus();
    }
  });
}());
