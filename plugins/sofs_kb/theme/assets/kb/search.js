/* Search page: a plain form and checkboxes over Pagefind's JavaScript API.
 *
 * - Everything is ordinary HTML controls, so it works with a keyboard and a screen reader.
 * - The query box and the results come first. The filters sit behind a "Filter" button,
 *   which says how many are on; Esc or "Show results" closes them again.
 * - Within one filter, ticking two values finds items with either; across filters, items
 *   must match all of them.
 * - The address bar keeps the search (?query=...&section=...), so a search can be shared.
 * - The filter pane starts from counts written into the page when it was built, and
 *   results come before the counts for them: those need every one of Pagefind's filter
 *   files (120 KB at 10,000 items), so they load after the results are on screen.
 * - Without JavaScript the form stays hidden and the page explains how to browse.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  var root = document.querySelector("[data-kb-search]");
  if (!root) return;
  var fallback = document.querySelector("[data-kb-search-fallback]");
  var form = root.querySelector("form");
  var input = root.querySelector("#kb-search-input");
  var status = root.querySelector(".kb-search__status");
  var list = root.querySelector(".kb-results");
  var more = root.querySelector("[data-more]");
  var clear = root.querySelector("[data-clear]");
  var facets = Array.prototype.slice.call(root.querySelectorAll("[data-facet]"));
  var pane = root.querySelector(".kb-search__filters");
  var toggle = root.querySelector("[data-filter-toggle]");
  var done = root.querySelector("[data-filter-done]");
  var totals = JSON.parse(root.getAttribute("data-kb-facet-totals") || "{}");
  // An acronym on its own is searched as the words it stands for: Pagefind would
  // otherwise treat "DA" as the start of "data" and "day".
  var acronyms = JSON.parse(root.getAttribute("data-kb-acronyms") || "{}");

  var pagefind = null;
  var current = { results: [], shown: 0 };
  var searchNumber = 0;

  function siteRoot() {
    return new URL(root.getAttribute("data-root"), document.baseURI);
  }

  function setStatus(text) {
    status.textContent = text;
  }

  function plural(count, word) {
    return count + " " + word + (count === 1 ? "" : "s");
  }

  function orderedValues(fieldset, counts) {
    var order = JSON.parse(fieldset.getAttribute("data-order") || "[]");
    var values = Object.keys(counts);
    if (fieldset.getAttribute("data-facet") === "year") {
      return values.sort().reverse();
    }
    if (fieldset.getAttribute("data-facet") === "month") {
      return values.sort(function (a, b) { return Date.parse("1 " + a) - Date.parse("1 " + b); });
    }
    return values.sort(function (a, b) {
      var ia = order.indexOf(a), ib = order.indexOf(b);
      if (ia === -1) ia = order.length;
      if (ib === -1) ib = order.length;
      return ia - ib || a.localeCompare(b);
    });
  }

  function buildFacets(totals) {
    facets.forEach(function (fieldset) {
      var key = fieldset.getAttribute("data-facet");
      var counts = totals[key] || {};
      var box = fieldset.querySelector(".kb-facet__options");
      box.textContent = "";
      var values = orderedValues(fieldset, counts);
      if (values.length === 0) {
        fieldset.hidden = true;
        return;
      }
      values.forEach(function (value, index) {
        var id = "kb-f-" + key + "-" + index;
        var row = document.createElement("div");
        row.className = "kb-facet__option";
        var box_ = document.createElement("input");
        box_.type = "checkbox";
        box_.id = id;
        box_.name = key;
        box_.value = value;
        var label = document.createElement("label");
        label.htmlFor = id;
        var name = document.createElement("span");
        name.textContent = value;
        var count = document.createElement("span");
        count.className = "kb-facet__count";
        label.appendChild(name);
        label.appendChild(document.createTextNode(" "));
        label.appendChild(count);
        row.appendChild(box_);
        row.appendChild(label);
        box.appendChild(row);
      });
    });
    updateCounts(totals);
  }

  function updateCounts(counts) {
    facets.forEach(function (fieldset) {
      var key = fieldset.getAttribute("data-facet");
      fieldset.querySelectorAll("input[type=checkbox]").forEach(function (box) {
        var n = (counts[key] || {})[box.value] || 0;
        var label = fieldset.querySelector("label[for='" + box.id + "']");
        label.querySelector(".kb-facet__count").textContent = "(" + n + ")";
      });
    });
  }

  function chosenFilters() {
    var filters = {};
    facets.forEach(function (fieldset) {
      var key = fieldset.getAttribute("data-facet");
      var values = [];
      fieldset.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
        values.push(box.value);
      });
      if (values.length) filters[key] = { any: values };
    });
    return filters;
  }

  function filterCount(filters) {
    return Object.keys(filters).reduce(function (n, key) {
      return n + filters[key].any.length;
    }, 0);
  }

  function showFilterCount(filters) {
    var chosen = filterCount(filters);
    toggle.textContent = chosen ? "Filter (" + chosen + " on)" : "Filter";
  }

  function openFilters(open) {
    pane.hidden = !open;
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function rememberInAddress(term, filters) {
    var params = new URLSearchParams();
    if (term) params.set("query", term);
    Object.keys(filters).forEach(function (key) {
      filters[key].any.forEach(function (value) {
        params.append(key, value);
      });
    });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }

  function restoreFromAddress() {
    var params = new URLSearchParams(location.search);
    input.value = params.get("query") || "";
    facets.forEach(function (fieldset) {
      var key = fieldset.getAttribute("data-facet");
      var wanted = params.getAll(key);
      fieldset.querySelectorAll("input[type=checkbox]").forEach(function (box) {
        box.checked = wanted.indexOf(box.value) !== -1;
      });
    });
  }

  function excerptInto(target, html) {
    // Keep Pagefind's <mark> highlights, and nothing else, from the excerpt.
    var template = document.createElement("template");
    template.innerHTML = html || "";
    template.content.childNodes.forEach(function (node) {
      if (node.nodeType === Node.TEXT_NODE) {
        target.appendChild(document.createTextNode(node.textContent));
      } else if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        target.appendChild(mark);
      } else {
        target.appendChild(document.createTextNode(node.textContent || ""));
      }
    });
  }

  async function showMore() {
    var batch = current.results.slice(current.shown, current.shown + PAGE_SIZE);
    var data = await Promise.all(batch.map(function (result) { return result.data(); }));
    data.forEach(function (page) {
      var item = document.createElement("li");
      item.className = "kb-result";
      var link = document.createElement("a");
      link.href = page.url;
      link.textContent = (page.meta && page.meta.title) || page.url;
      item.appendChild(link);
      // What it is, where it sits in the plan, and when.
      var meta = page.meta || {};
      var details = [meta.type, (meta.section || "").split("; ")[0], meta.date].filter(Boolean);
      if (details.length) {
        var about = document.createElement("p");
        about.className = "kb-card__meta kb-result__meta";
        details.forEach(function (text) {
          var part = document.createElement("span");
          part.textContent = text;
          about.appendChild(part);
        });
        item.appendChild(about);
      }
      // The writer's summary where there is one: the excerpt around the words found can
      // come from the page's details or its synonyms, which read badly out of context.
      var excerpt = document.createElement("p");
      if (meta.summary) excerpt.textContent = meta.summary;
      else excerptInto(excerpt, page.excerpt);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
    current.shown += batch.length;
    more.hidden = current.shown >= current.results.length;
  }

  // A facet's counts say how many results each value would give. For a facet with
  // ticked values that means searching without that facet's own choices, because
  // ticking another value widens the results rather than narrowing them.
  async function facetCounts(term, filters, narrowed) {
    var counts = Object.assign({}, narrowed);
    var keys = Object.keys(filters);
    for (var i = 0; i < keys.length; i++) {
      var others = Object.assign({}, filters);
      delete others[keys[i]];
      var wider = await pagefind.search(term || null, { filters: others });
      counts[keys[i]] = (wider.filters || {})[keys[i]] || {};
    }
    return counts;
  }

  async function runSearch() {
    var term = input.value.trim();
    var filters = chosenFilters();
    rememberInAddress(term, filters);
    showFilterCount(filters);
    var mine = ++searchNumber;
    if (!term && filterCount(filters) === 0) {
      list.textContent = "";
      more.hidden = true;
      current = { results: [], shown: 0 };
      updateCounts(totals);
      pane.setAttribute("aria-busy", "false");
      setStatus("Type a word or phrase, or choose a filter, to see results.");
      return;
    }
    pane.setAttribute("aria-busy", "true");
    setStatus("Searching…");
    var words = acronyms[term.toLowerCase()] || term;
    var response = await pagefind.search(words || null, { filters: filters });
    if (mine !== searchNumber) return; // a newer search has started
    current = { results: response.results, shown: 0 };
    list.textContent = "";
    await showMore();
    if (mine !== searchNumber) return;
    // Announce the count only once the results are on the page.
    var summary = plural(response.results.length, "result");
    if (term) summary += " for \u201c" + term + "\u201d";
    if (words !== term) summary += " (" + words + ")";
    var chosen = filterCount(filters);
    if (chosen) summary += ", with " + plural(chosen, "filter");
    setStatus(summary + ".");
    // Now the counts for these results. Pagefind counts only with filter files it has
    // loaded, so load them all (once), then search again: the index is already here.
    try {
      var all = await pagefind.filters();
      // Pagefind answers without its filter files if they fail to load; keep our counts then.
      if (!Object.keys(all || {}).some(function (key) { return Object.keys(all[key]).length; })) {
        throw new Error("Pagefind's filter files did not load.");
      }
      if (mine !== searchNumber) return;
      var counted = await pagefind.search(words || null, { filters: filters });
      var counts = await facetCounts(words, filters, counted.filters || {});
      if (mine !== searchNumber) return;
      updateCounts(counts);
    } catch (error) {
      // The results are on the page already; the pane keeps the counts it had.
    }
    if (mine === searchNumber) pane.setAttribute("aria-busy", "false");
  }

  async function start() {
    try {
      pagefind = await import(new URL(root.getAttribute("data-pagefind"), document.baseURI).href);
      // No web worker: it would add a 40 KB download to every first search (see docs/performance.md).
      await pagefind.options({ baseUrl: siteRoot().pathname, excerptLength: 24, noWorker: true });
      buildFacets(totals);
    } catch (error) {
      if (fallback) {
        fallback.insertAdjacentHTML(
          "afterbegin",
          "<p><strong>Search is not available on this copy of the site.</strong></p>"
        );
      }
      return;
    }
    if (fallback) fallback.hidden = true;
    root.hidden = false;
    restoreFromAddress();
    showFilterCount(chosenFilters());
    if (location.hash === "#filters") openFilters(true); // a link can open the filters
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      runSearch();
    });
    root.addEventListener("change", function (event) {
      if (event.target.type === "checkbox") runSearch();
    });
    more.addEventListener("click", function () {
      var firstNew = current.shown;
      showMore().then(function () {
        var link = list.children[firstNew] && list.children[firstNew].querySelector("a");
        if (link) link.focus();
      });
    });
    toggle.addEventListener("click", function () {
      openFilters(pane.hidden);
      if (!pane.hidden) {
        var first = pane.querySelector("input[type=checkbox]");
        if (first) first.focus();
      }
    });
    done.addEventListener("click", function () {
      openFilters(false);
      toggle.focus();
    });
    pane.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        openFilters(false);
        toggle.focus();
      }
    });
    clear.addEventListener("click", function () {
      root.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = false; });
      runSearch();
      input.focus();
    });
    runSearch();
  }

  start();
})();
