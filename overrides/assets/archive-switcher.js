/* The script switcher's links go where they point: this page in the other edition
 * (overrides/partials/alternate.html).  Loaded on every page (overrides/main.html).
 *
 * Material's alternate-language handler (on document.body) would take the click over: it looks the
 * page up in the other edition's sitemap.xml, which it fetches next to the head's
 * <link rel="alternate"> (the edition roots, main.html), and goes to that edition's home page when
 * the sitemap does not list the page (a build without site_url lists none) — or, on the search
 * page, drops the query (?q=, which assets/archive-search.js puts on these links).  Stopping the
 * click at the link lets the browser follow it. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("a.md-select__link[hreflang]"), function (a) {
    a.addEventListener("click", function (event) { event.stopPropagation(); });
  });
})();
