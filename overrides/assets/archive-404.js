/* The 404 page in the script of the address (overrides/404.html).
 *
 * GitHub Pages serves the site root's 404.html for every missing path, zh-Hant/… too.  The page
 * holds one block per edition, each naming its edition's root (data-archive-root); this shows the
 * block whose root the address is under, the longest when several are ("/zh-Hant/" before "/"),
 * and hides the others.  Without JavaScript, or when no root matches, the page stays as built: the
 * edition's own text.  Nothing is read from the address into the page. */
(function () {
  "use strict";
  var blocks = Array.prototype.slice.call(document.querySelectorAll("[data-archive-root]"));
  var path = window.location.pathname;
  var best = null;
  var bestLength = -1;
  blocks.forEach(function (block) {
    var root;
    try { root = new URL(block.getAttribute("data-archive-root"), document.baseURI).pathname; }
    catch (e) { return; }
    if (path.indexOf(root) === 0 && root.length > bestLength) {
      best = block;
      bestLength = root.length;
    }
  });
  if (!best) return;
  blocks.forEach(function (block) { block.hidden = block !== best; });
})();
