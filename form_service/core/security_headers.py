"""The security headers of every page: the e-services, the staff side and the built
information site. One place, so the development server (`devserver.BuiltSite`) and
the apps send the same, and the production web server's configuration for
`build/site` is written from `security_headers(site=True)`.

The policy allows only this site's own files: no inline script or style, no framing
(clickjacking), no plugins, no `<base>` tricks, forms sent only here. The built site
adds one thing: its search (Pagefind) runs a WebAssembly module, which Chromium
refuses under `script-src 'self'` unless `'wasm-unsafe-eval'` is also given (that
allows compiling WebAssembly the page's own scripts fetch, not `eval` of JavaScript).
"""

from __future__ import annotations

from functools import cache

_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
    "object-src": "'none'",
}
_SITE_POLICY = {**_POLICY, "script-src": "'self' 'wasm-unsafe-eval'"}


@cache  # the same two strings for every response
def content_security_policy(*, site: bool = False) -> str:
    """The e-services' policy, or (`site`) the built site's, with Pagefind's one need."""
    policy = _SITE_POLICY if site else _POLICY
    return "; ".join(f"{directive} {sources}" for directive, sources in policy.items())


def security_headers(*, secure: bool, site: bool = False) -> dict[str, str]:
    """Every security header of a response; HSTS only over HTTPS, where it means something."""
    headers = {
        "Content-Security-Policy": content_security_policy(site=site),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
    }
    if secure:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return headers
