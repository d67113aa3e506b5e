// trainwise: starts Swagger UI on /api/v1/docs. A file rather than an inline script, so the docs
// page runs under the same Content-Security-Policy as every page (script-src 'self').
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: box.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis]
  });
});
