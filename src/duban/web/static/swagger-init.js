/* Starts Swagger UI on /api/docs from a file, not an inline script, so the page keeps the strict CSP. */
window.addEventListener("load", function () {
  "use strict";
  window.ui = SwaggerUIBundle({
    url: document.getElementById("swagger-ui").getAttribute("data-spec"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    validatorUrl: null
  });
});
