/* Data tables: sortable by any column, and a cue when a table is wider than the screen.
 *
 * Sorting uses tablesort (vendored under assets/vendor/tablesort/, MIT) with its number plugin.
 * Every list of reports (table.archive-list: the reports index, a body's reports across years, a
 * year's reports across bodies, the data-quality and not-published lists) and every table marked
 * archive-sortable is made sortable when it has one header row, at least two body rows and no
 * merged cells.  A column whose filled cells are all figures (td.num) sorts as numbers, the
 * others as text in Chinese collation order.  Blank cells ("—" for a blank in the source, "空白",
 * an empty cell) go last in both directions.  The sorted header carries aria-sort; headers are
 * focusable and sort with Enter or Space.
 *
 * Runs on every page load, and after each page change when Material's instant navigation is on
 * (document$).  Nothing here reads text from the page into markup: cells are only moved. */
(function () {
  "use strict";

  var BLANK = /^(?:[—–\-－/／]|空白|)$/;

  function isBlank(cell) {
    if (!cell) return true;
    if (cell.classList.contains("blank") || cell.classList.contains("absent")) return true;
    if (cell.querySelector(".check-ok, .check-none")) return false;  /* a check result in words, never blank */
    return BLANK.test(cell.textContent.replace(/\s+/g, ""));
  }

  /* The figure a numeric cell shows, without thousands separators or marks (推, OCR). */
  function figure(cell) {
    var m = cell.textContent.replace(/[,，\s]/g, "").match(/^[-+]?\d+(?:\.\d+)?/);
    return m ? m[0] : "";
  }

  function collator() {
    var lang = document.documentElement.lang || "zh-Hans";
    try { return new Intl.Collator(lang === "zh-Hant" ? "zh-Hant-TW" : "zh-Hans-CN", { numeric: true }); }
    catch (e) { return { compare: function (a, b) { return a < b ? -1 : a > b ? 1 : 0; } }; }
  }

  var registered = false;
  function register() {
    if (registered) return;
    registered = true;
    var coll = collator();
    /* Tablesort's comparators order "descending first" (it reverses for ascending), as its own
     * number plugin does; this one is chosen only by name (data-sort-method). */
    window.Tablesort.extend("archive-text", function () { return false; }, function (a, b) {
      return coll.compare(b.trim(), a.trim());
    });
  }

  function sortable(table) {
    if (table.getAttribute("data-archive-sort") !== null) return false;
    if (!table.tHead || table.tHead.rows.length !== 1 || table.tBodies.length !== 1) return false;
    var rows = table.tBodies[0].rows;
    if (rows.length < 2) return false;
    return !table.querySelector("td[rowspan], td[colspan], th[rowspan], th[colspan]");
  }

  function prepare(table) {
    var headers = table.tHead.rows[0].cells;
    var rows = table.tBodies[0].rows;
    for (var c = 0; c < headers.length; c++) {
      var numeric = true, filled = 0;
      for (var r = 0; r < rows.length; r++) {
        var cell = rows[r].cells[c];
        if (isBlank(cell)) continue;
        filled++;
        if (!cell.classList.contains("num") || figure(cell) === "") numeric = false;
      }
      numeric = numeric && filled > 0;
      for (r = 0; r < rows.length; r++) {
        cell = rows[r].cells[c];
        if (!cell) continue;
        if (isBlank(cell)) cell.setAttribute("data-sort", "");
        else if (numeric) cell.setAttribute("data-sort", figure(cell));
      }
      headers[c].setAttribute("data-sort-method", numeric ? "number" : "archive-text");
    }
  }

  /* After each sort, the rows whose cell in the sorted column is blank move to the end, in the
   * order the sort left them (their original order: tablesort's sort is stable). */
  function blanksLast(table, sorter) {
    var body = table.tBodies[0];
    var col = sorter.col;
    var blank = Array.prototype.filter.call(body.rows, function (row) { return isBlank(row.cells[col]); });
    blank.forEach(function (row) { body.appendChild(row); });
  }

  function setup(table) {
    if (!sortable(table)) return;
    table.setAttribute("data-archive-sort", "");
    prepare(table);
    var sorter = new window.Tablesort(table);
    table.addEventListener("afterSort", function () { blanksLast(table, sorter); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.addEventListener("keydown", function (event) {
        if (event.key === " " || event.key === "Spacebar") {
          event.preventDefault();
          th.click();
        }
      });
    });
  }

  /* A table wider than its column scrolls sideways in its region (div.archive-scroll, written by
   * the templates): mark the region, so the stylesheet shows the cue (a shadow on the side with
   * more columns) and keeps the first column in view only where there is something to scroll to. */
  function markOverflow(scroller) {
    var wide = scroller.scrollWidth > scroller.clientWidth + 1;
    scroller.classList.toggle("archive-overflow", wide);
    scroller.classList.toggle("archive-overflow-end",
      wide && scroller.scrollLeft + scroller.clientWidth >= scroller.scrollWidth - 1);
  }

  var scrollers = [];
  function watchOverflow(root) {
    scrollers = Array.prototype.slice.call(root.querySelectorAll(".md-typeset .archive-scroll"));
    scrollers.forEach(function (s) {
      markOverflow(s);
      if (s.getAttribute("data-archive-overflow") === null) {
        s.setAttribute("data-archive-overflow", "");
        s.addEventListener("scroll", function () { markOverflow(s); }, { passive: true });
      }
    });
  }

  /* The hand-written pages' Markdown tables (content/*.md: no template writes them) are wrapped
   * by Material's script in a scrolling box of its own (.md-typeset__scrollwrap, no markup to
   * change): a keyboard reaches it, and it is named after the heading above it (the page's title
   * when there is none).  The generated pages' tables are in regions written by the templates. */
  function focusableWrappers(root) {
    var headings = Array.prototype.slice.call(root.querySelectorAll("h1, h2, h3, h4"));
    Array.prototype.forEach.call(root.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])"), function (wrap) {
      var above = headings.filter(function (h) {
        return h.compareDocumentPosition(wrap) & Node.DOCUMENT_POSITION_FOLLOWING;
      }).pop();
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", (above ? above.textContent : document.title).trim());
    });
  }

  function init() {
    var root = document.querySelector(".md-content") || document;
    focusableWrappers(root);
    if (window.Tablesort) {
      register();
      Array.prototype.forEach.call(root.querySelectorAll("table.archive-list, table.archive-sortable"), setup);
    }
    watchOverflow(root);
  }

  var resizing = null;
  window.addEventListener("resize", function () {
    if (resizing) window.cancelAnimationFrame(resizing);
    resizing = window.requestAnimationFrame(function () { scrollers.forEach(markOverflow); });
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
