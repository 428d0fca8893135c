"""Security headers on every response: no MIME sniffing, no framing, no
Referer to other sites, and a Content-Security-Policy that lets the page run
only its own files (the built SPA has no inline script or style)."""

import falcon

API_PREFIXES = ("/api/", "/webhook", "/healthz", "/feed.")

# The page: its own scripts, styles, images and API; nothing inline, no
# plugins, no <base>, and forms only to itself.
PAGE_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
# JSON is never a document to run anything in.
API_POLICY = "default-src 'none'; frame-ancestors 'none'"

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


class SecurityHeaders:
    """Adds the headers above (and the policy for the path) to each response."""

    def process_response(
        self, req: falcon.Request, resp: falcon.Response, resource: object, succeeded: bool
    ) -> None:
        resp.set_headers(HEADERS)
        is_api = req.path.startswith(API_PREFIXES) or req.path == "/api"
        resp.set_header("Content-Security-Policy", API_POLICY if is_api else PAGE_POLICY)
