// mkdocs serve only: fill the banner at the top of the page with the errors the
// content checks found, as soon as they have finished (mkdocs_plugins/preview.py).
(function () {
  var box = document.querySelector(".kb-preview-findings");
  if (!box || !window.fetch) return;
  var build = box.getAttribute("data-kb-build");
  var address = box.getAttribute("data-kb-findings");
  var tries = 0;

  function show(data) {
    box.textContent = "";
    if (!data.errors.length) {
      box.hidden = true;
      return;
    }
    var heading = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = "This preview has problems that stop the site being published.";
    heading.appendChild(strong);
    heading.appendChild(document.createTextNode(" " + data.summary + " Fix them before you open a pull request:"));
    var list = document.createElement("ul");
    data.errors.forEach(function (line) {
      var item = document.createElement("li");
      var code = document.createElement("code");
      code.textContent = line;
      item.appendChild(code);
      list.appendChild(item);
    });
    box.appendChild(heading);
    box.appendChild(list);
    box.hidden = false;
  }

  function poll() {
    fetch(address + "?build=" + build, { cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        // A newer build's findings hold for a page the preview kept from an older one.
        if (data && Number(data.build) >= Number(build)) show(data);
        else if (tries++ < 300) setTimeout(poll, 1000);
      })
      .catch(function () { if (tries++ < 300) setTimeout(poll, 1000); });
  }
  poll();
})();
