// Material's outdated-version script (partials/javascripts/outdated.html in
// mkdocs-material 9.8), moved into a file so pages need no inline script.
(function () {
  var el = document.querySelector("[data-md-component=outdated]"),
    base = new URL("../..", document.currentScript.src),
    outdated = __md_get("__outdated", sessionStorage, base);
  !0 === outdated && el && (el.hidden = !1);
})();
