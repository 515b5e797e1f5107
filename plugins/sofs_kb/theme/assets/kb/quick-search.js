/* The header's search control, on every page.
 *
 * - Without JavaScript the control is a link to the search page, and this file does nothing.
 * - With it, the control opens a small search form under the header; the form sends its
 *   words to the search page, which runs the search.
 * - "/" opens it (or, on a page with a search box of its own, such as the search page and
 *   the home page, moves to that box). Esc closes it and returns to the control.
 */
(function () {
  "use strict";

  var opener = document.querySelector("[data-kb-quick-open]");
  var panel = document.querySelector("[data-kb-quick]");
  if (!opener || !panel) return;
  var input = panel.querySelector("input");
  var closer = panel.querySelector("[data-kb-quick-close]");

  // The page's own search box, when it has one that is shown.
  function pageBox() {
    var box = document.querySelector("[data-kb-search-box]");
    return box && box.getClientRects().length ? box : null;
  }

  function open() {
    panel.hidden = false;
    opener.setAttribute("aria-expanded", "true");
    input.focus();
  }

  function close() {
    if (panel.hidden) return false;
    panel.hidden = true;
    opener.setAttribute("aria-expanded", "false");
    opener.focus();
    return true;
  }

  function typing(target) {
    if (!target || !target.tagName) return false;
    var name = target.tagName.toLowerCase();
    return name === "input" || name === "textarea" || name === "select" || target.isContentEditable;
  }

  opener.setAttribute("aria-controls", panel.id);
  opener.setAttribute("aria-expanded", "false");

  opener.addEventListener("click", function (event) {
    var own = pageBox();
    event.preventDefault();
    if (own && document.querySelector("[data-kb-search]")) {
      own.focus(); // on the search page itself
      return;
    }
    if (panel.hidden) open();
    else close();
  });

  closer.addEventListener("click", close);

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      if (close()) event.preventDefault();
      return;
    }
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    event.preventDefault();
    event.stopPropagation();
    var own = pageBox();
    if (own) own.focus();
    else open();
  }, true);
})();
