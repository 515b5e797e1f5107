/* The "Print this page" button on items and newsletter issues. Without JavaScript the
 * button stays hidden, and the browser's own print command works as always. */
(function () {
  "use strict";
  var button = document.querySelector("[data-kb-print]");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
})();
