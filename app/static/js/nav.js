/*
 * The phone menu (base.html's <details class="nav-menu">) opens and closes without JavaScript.
 * With it, Escape closes an open menu and hands focus back to its button, and a tap or click
 * outside the menu closes it, as people expect of a menu that covers the page.
 */
(function () {
  "use strict";

  var menu = document.querySelector("details.nav-menu");
  if (!menu) {
    return;
  }
  var button = menu.querySelector("summary");

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.open) {
      menu.open = false;
      button.focus();
    }
  });

  document.addEventListener("click", function (event) {
    if (menu.open && !menu.contains(event.target)) {
      menu.open = false;
    }
  });
})();
