/* Offline search over the prebuilt index (search-index.js sets window.DUBAN_INDEX).
   Every space-separated term must occur in a record; works from file:// with no server. */
(function () {
  "use strict";
  var index = window.DUBAN_INDEX || [];
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var count = document.getElementById("count");
  var LIMIT = 100;

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }

  function snippet(text, term) {
    var at = text.toLowerCase().indexOf(term);
    var start = Math.max(0, at - 40);
    var part = (start > 0 ? "…" : "") + text.slice(start, start + 120) + (start + 120 < text.length ? "…" : "");
    var safe = escapeHtml(part);
    var safeTerm = escapeHtml(term).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return safeTerm ? safe.replace(new RegExp(safeTerm, "gi"), function (m) { return "<mark>" + m + "</mark>"; }) : safe;
  }

  function run() {
    var terms = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    list.innerHTML = "";
    if (!terms.length) { count.textContent = ""; return; }
    var hits = index.filter(function (r) {
      var hay = (r[1] + " " + r[4]).toLowerCase();
      return terms.every(function (t) { return hay.indexOf(t) >= 0; });
    });
    count.textContent = "找到 " + hits.length + " 项" + (hits.length > LIMIT ? "，显示前 " + LIMIT + " 项" : "");
    hits.slice(0, LIMIT).forEach(function (r) {
      var li = document.createElement("li");
      li.innerHTML = '<a href="' + escapeHtml(r[0]) + '">' + escapeHtml(r[1]) + "</a>" +
        '<div class="meta">' + escapeHtml(String(r[2] || "")) + "年 · " + escapeHtml(r[3]) + "</div>" +
        "<div>" + snippet(r[4], terms[0]) + "</div>";
      list.appendChild(li);
    });
  }

  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { input.value = params.get("q"); }
  input.addEventListener("input", run);
  run();
})();
