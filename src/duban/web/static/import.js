/* The import sheet: merge a row into the one above, split a row at the caret, add, delete, paste rows. */
(function () {
  var body = document.querySelector("#sheet tbody");
  var template = document.getElementById("row-template");
  if (!body || !template) return;
  var caret = null; // {row, pos} of the last caret inside a 任务内容 cell

  function field(row, name) { return row.querySelector('[name="' + name + '"]'); }
  function joinLines(a, b, sep) { a = a.trim(); b = b.trim(); return a && b ? a + sep + b : a || b; }
  function newRow() { return template.content.firstElementChild.cloneNode(true); }

  body.addEventListener("focusin", function (e) {
    if (e.target.name === "content") caret = { row: e.target.closest("tr"), el: e.target };
  });
  body.addEventListener("click", function (e) {
    var op = e.target.getAttribute && e.target.getAttribute("data-op");
    if (!op) return;
    var row = e.target.closest("tr");
    if (op === "delete") { row.remove(); if (!body.children.length) body.appendChild(newRow()); return; }
    if (op === "merge") {
      var above = row.previousElementSibling;
      if (!above) return;
      field(above, "content").value = joinLines(field(above, "content").value, field(row, "content").value, "");
      field(above, "progress").value = joinLines(field(above, "progress").value, field(row, "progress").value, "\n");
      field(above, "targets").value = joinLines(field(above, "targets").value, field(row, "targets").value, "\n");
      var seen = {}, units = [];
      (field(above, "units").value + "、" + field(row, "units").value).split(/[、，,；;\n]+/).forEach(function (u) {
        u = u.trim(); if (u && !seen[u]) { seen[u] = 1; units.push(u); }
      });
      field(above, "units").value = units.join("、");
      if (!field(above, "row_deadline").value) field(above, "row_deadline").value = field(row, "row_deadline").value;
      row.remove();
      field(above, "content").focus();
      return;
    }
    if (op === "split") {
      var content = field(row, "content");
      var text = content.value;
      var pos = caret && caret.row === row ? caret.el.selectionStart : -1;
      if (pos <= 0 || pos >= text.length) pos = text.indexOf("\n") > 0 ? text.indexOf("\n") : Math.floor(text.length / 2);
      var below = newRow();
      content.value = text.slice(0, pos).trim();
      field(below, "content").value = text.slice(pos).trim();
      field(below, "units").value = field(row, "units").value;
      field(below, "row_deadline").value = field(row, "row_deadline").value;
      row.after(below);
      field(below, "content").focus();
    }
  });
  document.getElementById("add-row").addEventListener("click", function () {
    var row = newRow();
    body.appendChild(row);
    field(row, "content").focus();
  });
  var HEADER_WORDS = [["seq", /^(序号|编号|序)$/], ["units", /单位|部门/], ["row_deadline", /时限|时间|期限/],
                      ["progress", /进展|完成情况|进度/], ["targets", /目标|指标/], ["content", /任务|内容|事项|项目|工作/]];
  function headerKey(cell) {
    for (var i = 0; i < HEADER_WORDS.length; i++) if (HEADER_WORDS[i][1].test(cell.trim())) return HEADER_WORDS[i][0];
    return null;
  }
  document.getElementById("paste-add").addEventListener("click", function () {
    var box = document.getElementById("paste-rows");
    var selects = document.querySelectorAll(".column-map select");
    var names = Array.prototype.map.call(selects, function (s) { return s.value; });
    var lines = box.value.split(/\r?\n/).filter(function (l) { return l.trim(); });
    if (lines.length) {
      var head = lines[0].split("\t").map(headerKey);
      if (head.filter(Boolean).length >= 2) {  // a header row: it says which column is which
        names = head.map(function (k) { return k || ""; });
        head.forEach(function (k, i) { if (selects[i]) selects[i].value = k || ""; });
        lines.shift();
      }
    }
    lines.forEach(function (line) {
      var cells = line.split("\t"), row = newRow();
      if (cells.length === 1) { field(row, "content").value = cells[0].trim(); }
      else names.forEach(function (n, i) { if (n && cells[i] !== undefined) field(row, n).value = cells[i].trim(); });
      var last = body.lastElementChild;
      if (last && !field(last, "content").value.trim() && !field(last, "units").value.trim()) last.remove();
      body.appendChild(row);
    });
    box.value = "";
  });
})();
