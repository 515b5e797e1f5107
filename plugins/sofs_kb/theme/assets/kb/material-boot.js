// Material's start-up script (partials/javascripts/base.html in mkdocs-material 9.8),
// moved into a file so pages need no inline script and the Content-Security-Policy can
// forbid them. Material scoped its saved settings to the site's root address, written
// into each page; this file sits at <root>/assets/kb/, so the root is two folders up.
// Keep in step with Material when upgrading.
__md_scope = new URL("../..", document.currentScript.src);
__md_hash = e => [...e].reduce((e, _) => (e << 5) - e + _.charCodeAt(0), 0);
__md_get = (e, _ = localStorage, t = __md_scope) => JSON.parse(_.getItem(t.pathname + "." + e));
__md_set = (e, _, t = localStorage, a = __md_scope) => {
  try {
    t.setItem(a.pathname + "." + e, JSON.stringify(_));
  } catch (e) {}
};
