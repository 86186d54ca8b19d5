/* Behaviour the pages used to put in onclick/onsubmit attributes, which the Content-Security-Policy forbids:
   data-confirm on a form asks before it is sent; data-autosubmit on a select sends its form when changed
   (data-clear names a field emptied first); data-back goes back in history. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  }, true);
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!field.hasAttribute || !field.hasAttribute("data-autosubmit") || !field.form) return;
    var clear = field.getAttribute("data-clear");
    if (clear && field.form.elements[clear]) field.form.elements[clear].value = "";
    field.form.submit();
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-back]");
    if (link && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
})();
