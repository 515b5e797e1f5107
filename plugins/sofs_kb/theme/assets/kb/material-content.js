// Material's script after the page content (partials/javascripts/content.html in
// mkdocs-material 9.8), moved into a file so pages need no inline script. It opens the
// content tab a link points to. Keep in step with Material when upgrading.
(function () {
  var config = JSON.parse((document.getElementById("__config") || {}).textContent || "{}");
  if ((config.features || []).indexOf("content.tabs.link") !== -1) {
    var tabs = __md_get("__tabs");
    if (Array.isArray(tabs))
      e: for (var set of document.querySelectorAll(".tabbed-set")) {
        var labels = set.querySelector(".tabbed-labels");
        for (var tab of tabs)
          for (var label of labels.getElementsByTagName("label"))
            if (label.innerText.trim() === tab) {
              var input = document.getElementById(label.htmlFor);
              input.checked = !0;
              continue e;
            }
      }
  }
  var target = document.getElementById(location.hash.slice(1));
  target && target.name && (target.checked = target.name.startsWith("__tabbed_"));
})();
