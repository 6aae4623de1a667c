/* Pagefind search on the search page, in either script.
 *
 * One index for both editions, in Simplified: Pagefind indexes the zh-Hans pages only
 * (generator/site run_pagefind), into <site root>/pagefind/ (and, for a large site, more bundles
 * that pagefind/bundles.json names, merged here); the search page says where that is relative to
 * itself (data-bundle).  A query is converted Traditional → Simplified before it is
 * searched (opencc-js, vendored under assets/vendor/opencc-js/, loaded on the search page only),
 * so 復議 and 复议 find the same reports in both editions.  On the zh-Hant edition each result
 * links to the zh-Hant page (same path under zh-Hant/) and its title, excerpt, sub-results and the
 * filter names are shown in Traditional script (OpenCC's STCharacters table, character by
 * character).  The query is kept in the address (?q=) and in the script switcher's links, so it
 * survives the switch.  Everything is loaded from our own origin.
 *
 * The part without a document (ArchiveSearch.converters / .processors) is also what
 * tests/test_search.py runs in Node around the real Pagefind JS. */
(function (root) {
  "use strict";

  /* OpenCC: the opencc-js UMD bundle's global; stCharacters: the STCharacters dictionary (a
   * string) or null when no Simplified → Traditional conversion is needed. */
  function converters(OpenCC, stCharacters) {
    var plain = OpenCC.Converter({ from: "t", to: "cn" });
    var variants = OpenCC.Converter({ from: "tw", to: "cn" });
    var toTraditional = stCharacters ? OpenCC.ConverterFactory([stCharacters]) : null;
    return {
      /* Only a query holding a character used in Traditional script only is converted (with the
       * Taiwan variants too: 隨著 → 随着): a Simplified query stays as typed (显著 stays 显著,
       * which the variant table alone would make 显着). */
      toSimplified: function (text) {
        return plain(text) === text ? text : variants(text);
      },
      toTraditional: toTraditional || function (text) { return text; }
    };
  }

  /* conv: converters(); hant: the page is in the zh-Hant edition; rootPath: the site root's path,
   * as given to Pagefind as baseUrl ("/" or "/project/"). */
  function processors(conv, hant, rootPath) {
    function url(u) {
      if (!hant || typeof u !== "string" || u.indexOf(rootPath) !== 0) return u;
      return rootPath + "zh-Hant/" + u.slice(rootPath.length);
    }
    function text(t) {
      return typeof t === "string" ? conv.toTraditional(t) : t;
    }
    return {
      processTerm: function (term) {
        return conv.toSimplified(term);
      },
      processResult: function (result) {
        if (!hant) return result;
        result.url = url(result.url);
        result.excerpt = text(result.excerpt);
        var meta = result.meta || {};
        Object.keys(meta).forEach(function (key) {
          meta[key] = key === "url" ? url(meta[key]) : key === "image" ? meta[key] : text(meta[key]);
        });
        (result.sub_results || []).forEach(function (sub) {
          sub.url = url(sub.url);
          sub.title = text(sub.title);
          sub.excerpt = text(sub.excerpt);
        });
        return result;
      }
    };
  }

  root.ArchiveSearch = { converters: converters, processors: processors };
  if (typeof document === "undefined") return;

  var self = document.currentScript;
  var el = document.getElementById("archive-search");
  if (!el) return;
  var hant = document.documentElement.lang === "zh-Hant";
  var bundle = new URL(el.getAttribute("data-bundle") || "pagefind/", document.baseURI);
  var siteRoot = new URL("../", bundle);
  var vendor = new URL("vendor/opencc-js/", self ? self.src : new URL("assets/", siteRoot));

  function load(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  /* The script switcher keeps the query: ?q= on its links (their targets are this same page). */
  var links = Array.prototype.slice.call(document.querySelectorAll("a.md-select__link[hreflang]"));
  links.forEach(function (a) {
    a.setAttribute("data-archive-href", a.getAttribute("href"));
    /* Material's alternate-language handler (on document.body) would replace the link with the
     * other edition's page as its sitemap names it, without ?q=: the link's own target stands. */
    a.addEventListener("click", function (event) { event.stopPropagation(); });
  });
  function keepQuery(term) {
    var query = term ? "?q=" + encodeURIComponent(term) : "";
    links.forEach(function (a) { a.setAttribute("href", a.getAttribute("data-archive-href").split("?")[0] + query); });
    if (window.history && window.history.replaceState) {
      window.history.replaceState(window.history.state, "", window.location.pathname + query + window.location.hash);
    }
  }

  /* Filter names and values come from the (Simplified) index: shown in Traditional on zh-Hant. */
  function convertFilters(conv) {
    var done = new WeakMap();  /* text node → the text we wrote: never converted twice */
    function walk(node) {
      if (node.nodeType === 3) {
        if (done.get(node) === node.data) return;
        var t = conv.toTraditional(node.data);
        done.set(node, t);
        if (t !== node.data) node.data = t;
      } else {
        for (var c = node.firstChild; c; c = c.nextSibling) walk(c);
      }
    }
    new MutationObserver(function () {
      Array.prototype.forEach.call(el.querySelectorAll(".pagefind-ui__filter-panel"), walk);
    }).observe(el, { childList: true, subtree: true, characterData: true });
  }

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = new URL("pagefind-ui.css", bundle).href;
  document.head.appendChild(css);

  /* A large site is indexed as several bundles (generator/site run_pagefind): the first names the
   * others in bundles.json, and the UI merges them (mergeIndex). No file: one bundle. */
  var others = fetch(new URL("bundles.json", bundle).href).then(function (r) {
    return r.ok ? r.json() : { bundles: [] };
  }).then(function (data) {
    return (data.bundles || []).map(function (b) {
      return { bundlePath: new URL(b, siteRoot).pathname, baseUrl: siteRoot.pathname };
    });
  }, function () { return []; });

  Promise.all([
    load(new URL("pagefind-ui.js", bundle).href),
    load(new URL("t2cn.js", vendor).href),
    hant ? import(new URL("STCharacters.js", vendor).href).then(function (m) { return m.default; }) : null,
    others
  ]).then(function (loaded) {
    /* global PagefindUI, OpenCC */
    var conv = converters(OpenCC, loaded[2]);
    var proc = processors(conv, hant, siteRoot.pathname);
    if (hant) convertFilters(conv);
    var ui = new PagefindUI({
      element: "#archive-search",
      /* Pagefind UI has no zh-Hant strings (it falls back to Simplified): give them. */
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
      mergeIndex: loaded[3],
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      processTerm: function (term) {
        keepQuery(term);
        return proc.processTerm(term);
      },
      processResult: proc.processResult
    });
    /* Pagefind UI names its input by a title only (axe label-title-only): give it an accessible name. */
    var input = el.querySelector(".pagefind-ui__search-input");
    if (input && !input.hasAttribute("aria-label")) input.setAttribute("aria-label", hant ? "站內搜尋" : "站内搜索");
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) ui.triggerSearch(q);
  }, function () {
    var p = document.createElement("p");
    p.textContent = hant ? "搜尋索引尚未生成（請執行 make site）。" : "搜索索引尚未生成（请运行 make site）。";
    el.appendChild(p);
  });
})(typeof globalThis !== "undefined" ? globalThis : this);
