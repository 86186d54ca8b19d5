/* Offline search over the prebuilt index, one script per organization and year (search/<scope>.js calls
   dubanSearchPart). Only the chosen scope's scripts are loaded; every space-separated term must occur
   in a record. Works from file:// with no server: scripts load from disk where fetch would be refused. */
(function () {
  "use strict";
  var parts = {};
  var requested = {};
  var input = document.getElementById("q");
  var scope = document.getElementById("scope");
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

  function chosen() {
    var options = Array.prototype.filter.call(scope.options, function (o) { return o.value; });
    return scope.value ? options.filter(function (o) { return o.value === scope.value; }) : options;
  }

  function load(options) {
    options.forEach(function (o) {
      if (requested[o.value]) { return; }
      requested[o.value] = true;
      var script = document.createElement("script");
      script.src = o.getAttribute("data-src");
      script.onerror = function () { count.textContent = "检索索引 " + o.getAttribute("data-src") + " 无法载入"; };
      document.body.appendChild(script);
    });
  }

  function run() {
    var options = chosen();
    load(options);
    var terms = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    list.innerHTML = "";
    if (!terms.length) { count.textContent = ""; return; }
    if (options.some(function (o) { return !parts[o.value]; })) { count.textContent = "正在载入检索索引…"; return; }
    var hits = [];
    options.forEach(function (o) {
      parts[o.value].forEach(function (r) {
        var hay = (r[1] + " " + r[4]).toLowerCase();
        if (terms.every(function (t) { return hay.indexOf(t) >= 0; })) { hits.push(r); }
      });
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

  window.dubanSearchPart = function (slug, records) {
    parts[slug] = records;
    run();
  };

  var params = new URLSearchParams(window.location.search);
  var wanted = params.get("scope");
  if (wanted && chosen().some(function (o) { return o.value === wanted; })) {
    scope.value = wanted;
  } else if (scope.getAttribute("data-load-all") !== "1" && scope.options.length > 1) {
    scope.selectedIndex = 1;  /* the whole index is large: start with the first organization and year */
  }
  if (params.get("q")) { input.value = params.get("q"); }
  input.addEventListener("input", run);
  scope.addEventListener("change", run);
  run();
})();
