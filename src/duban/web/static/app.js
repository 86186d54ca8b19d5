/* Behaviour the pages used to put in onclick/onsubmit attributes, which the Content-Security-Policy forbids
   (an attribute cannot carry the nonce):
   - data-confirm on a form (or on the button that sends it) asks before it is sent ("{n}" is replaced by the number of elements inside the form
     matching data-confirm-count);
   - data-once on a form disables its buttons once sent (no second 催办 from a double click);
   - data-autosubmit on a select sends its form when changed (data-clear names a field emptied first);
   - data-set-field / data-set-value on a button put a value in a form field before the form is sent;
   - data-print prints the page; data-back goes back in history. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.getAttribute) return;
    var button = event.submitter;
    var question = (button && button.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (question) {
      var counted = form.getAttribute("data-confirm-count");
      if (counted) question = question.replace("{n}", String(form.querySelectorAll(counted).length));
      if (!window.confirm(question)) {
        event.preventDefault();
        return;
      }
    }
    if (form.hasAttribute("data-once")) {
      window.setTimeout(function () {
        form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      }, 0);
    }
  }, true);
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!field.hasAttribute || !field.hasAttribute("data-autosubmit") || !field.form) return;
    var clear = field.getAttribute("data-clear");
    if (clear && field.form.elements[clear]) field.form.elements[clear].value = "";
    field.form.submit();
  });
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target : null;
    if (!target) return;
    var setter = target.closest("[data-set-field]");
    if (setter && setter.form && setter.form.elements[setter.getAttribute("data-set-field")]) {
      setter.form.elements[setter.getAttribute("data-set-field")].value = setter.getAttribute("data-set-value") || "";
    }
    if (target.closest("[data-print]")) {
      event.preventDefault();
      window.print();
    }
    var back = target.closest("[data-back]");
    if (back && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
})();
