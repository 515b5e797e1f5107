// Material's announcement-bar script (partials/javascripts/announce.html in
// mkdocs-material 9.8), moved into a file so pages need no inline script.
(function () {
  var el = document.querySelector("[data-md-component=announce]");
  if (el) {
    var content = el.querySelector(".md-typeset");
    __md_hash(content.innerHTML) === __md_get("__announce") && (el.hidden = !0);
  }
})();
