"use strict";
// Swagger UI from the fastapi-offline package's copy, reading this server's schema: no CDN.
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
