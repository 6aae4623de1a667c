/* Pagefind search on the search page.  The index is built once over the whole site (both
 * editions) into <site root>/pagefind/; the search page says where that is relative to itself
 * (data-bundle).  Pagefind UI picks the index of the page's <html lang>, so each edition searches
 * its own script.  Everything is loaded from our own origin. */
(function () {
  "use strict";
  var el = document.getElementById("archive-search");
  if (!el) return;
  var bundle = new URL(el.getAttribute("data-bundle") || "pagefind/", document.baseURI);
  var siteRoot = new URL("../", bundle);
  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = new URL("pagefind-ui.css", bundle).href;
  document.head.appendChild(css);
  var script = document.createElement("script");
  script.src = new URL("pagefind-ui.js", bundle).href;
  script.onload = function () {
    /* global PagefindUI */
    /* Pagefind UI has no zh-Hant strings (it falls back to Simplified): give them. */
    var hant = document.documentElement.lang === "zh-Hant";
    var ui = new PagefindUI({
      element: "#archive-search",
      translations: hant ? {
        placeholder: "搜尋",
        clear_search: "清除",
        load_more: "載入更多結果",
        search_label: "站內搜尋",
        filters_label: "篩選",
        zero_results: "找不到 [SEARCH_TERM] 的結果",
        many_results: "找到 [COUNT] 個 [SEARCH_TERM] 的結果",
        one_result: "找到 [COUNT] 個 [SEARCH_TERM] 的結果",
        alt_search: "找不到 [SEARCH_TERM] 的結果。改為顯示 [DIFFERENT_TERM] 的相關結果",
        search_suggestion: "找不到 [SEARCH_TERM] 的結果。請嘗試以下搜尋：",
        searching: "正在搜尋 [SEARCH_TERM]……"
      } : {},
      bundlePath: bundle.pathname,
      baseUrl: siteRoot.pathname,
      showSubResults: true,
      showImages: false,
      resetStyles: false
    });
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) ui.triggerSearch(q);
  };
  script.onerror = function () {
    var p = document.createElement("p");
    p.textContent = document.documentElement.lang === "zh-Hant"
      ? "搜尋索引尚未生成（請執行 make site）。"
      : "搜索索引尚未生成（请运行 make site）。";
    el.appendChild(p);
  };
  document.head.appendChild(script);
})();
