/* The report form: add an item, 沿用上期 on request only, and a copy of what is typed kept on this device
   until the server has it, so an expired login or a lost connection never costs the text. */
(function () {
  var form = document.getElementById("report-form");
  if (!form) return;
  var box = document.getElementById("items");
  function addItem(text) {
    var n = box.children.length + 1;
    var row = document.createElement("div");
    row.className = "item-row";
    row.innerHTML = '<span class="no">' + n + '.</span><textarea name="item" rows="3" aria-label="第' + n + '条进展"></textarea>';
    row.querySelector("textarea").value = text || "";
    box.appendChild(row);
    return row.querySelector("textarea");
  }
  document.getElementById("add-item").addEventListener("click", function () { addItem("").focus(); });
  var reuse = document.getElementById("reuse-previous");
  if (reuse) reuse.addEventListener("click", function () {
    var items = JSON.parse(reuse.getAttribute("data-items"));
    var areas = box.querySelectorAll("textarea");
    var filled = Array.prototype.some.call(areas, function (a) { return a.value.trim(); });
    if (filled && !confirm("下面已填写的内容将被上期内容替换，确定？")) return;
    box.innerHTML = "";
    items.forEach(function (t) { addItem(t); });
    box.querySelector("textarea").focus();
  });
  var key = form.getAttribute("data-key");
  function snapshot() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "file" || el.type === "submit") return;
      (data[el.name] = data[el.name] || []).push(el.value);
    });
    return data;
  }
  var initial = JSON.stringify(snapshot());
  try {
    if (form.hasAttribute("data-saved")) localStorage.removeItem(key);
    var kept = localStorage.getItem(key);
    if (kept && kept !== initial) {
      var banner = document.getElementById("restore");
      banner.hidden = false;
      document.getElementById("restore-yes").addEventListener("click", function () {
        var data = JSON.parse(kept);
        box.innerHTML = "";
        (data.item || [""]).forEach(function (t) { addItem(t); });
        Object.keys(data).forEach(function (name) {
          if (name === "item") return;
          var el = form.elements[name];
          if (el && "value" in el) el.value = data[name][0];
        });
        banner.hidden = true;
      });
      document.getElementById("restore-no").addEventListener("click", function () {
        localStorage.removeItem(key); banner.hidden = true;
      });
    }
    form.addEventListener("input", function () { localStorage.setItem(key, JSON.stringify(snapshot())); });
  } catch (e) { /* storage unavailable: the form still works */ }
})();
