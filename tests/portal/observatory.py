"""The Mozilla HTTP Observatory's scoring of one response, for the tests.

Written from the Observatory's published methodology and its analyzer (the mdn/mdn-http-observatory
repository: src/grader/charts.js for the modifiers, src/analyzer/tests/*.js for what each test
looks at). Every site starts at 100; penalties are taken off first; the bonuses are added only when
the score is then 90 or more; 100 and above is an A+.

Scored here: Content-Security-Policy, cookies, CORS, Referrer-Policy, Strict-Transport-Security,
Subresource Integrity, X-Content-Type-Options, X-Frame-Options, Cross-Origin-Resource-Policy. Not
here: the HTTP → HTTPS redirection test, which the TLS proxy in front of the portal answers (its best
result, a redirection to https on the same host, is worth 0 either way) and the HSTS preload list
(a bonus that only a submitted domain gets).
"""

import re
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

MODIFIERS = {
    # CSP
    "csp-implemented-with-no-unsafe-default-src-none": 10,
    "csp-implemented-with-no-unsafe": 5,
    "csp-implemented-with-unsafe-inline-in-style-src-only": 0,
    "csp-implemented-with-insecure-scheme-in-passive-content-only": -10,
    "csp-implemented-with-unsafe-eval": -10,
    "csp-implemented-with-unsafe-inline": -20,
    "csp-implemented-with-insecure-scheme": -20,
    "csp-header-invalid": -25,
    "csp-not-implemented": -25,
    # Cookies
    "cookies-secure-with-httponly-sessions-and-samesite": 5,
    "cookies-secure-with-httponly-sessions": 0,
    "cookies-not-found": 0,
    "cookies-without-secure-flag-but-protected-by-hsts": -5,
    "cookies-session-without-secure-flag-but-protected-by-hsts": -10,
    "cookies-without-secure-flag": -20,
    "cookies-samesite-flag-invalid": -20,
    "cookies-anticsrf-without-samesite-flag": -20,
    "cookies-session-without-httponly-flag": -30,
    "cookies-session-without-secure-flag": -40,
    # CORS
    "cross-origin-resource-sharing-not-implemented": 0,
    "cross-origin-resource-sharing-implemented-with-public-access": 0,
    "cross-origin-resource-sharing-implemented-with-restricted-access": 0,
    "cross-origin-resource-sharing-implemented-with-universal-access": -50,
    # Referrer-Policy
    "referrer-policy-private": 5,
    "referrer-policy-not-implemented": 0,
    "referrer-policy-unsafe": -5,
    "referrer-policy-header-invalid": -5,
    # HSTS
    "hsts-implemented-max-age-at-least-six-months": 0,
    "hsts-implemented-max-age-less-than-six-months": -10,
    "hsts-not-implemented": -20,
    "hsts-header-invalid": -20,
    # SRI
    "sri-implemented-and-all-scripts-loaded-securely": 5,
    "sri-implemented-and-external-scripts-loaded-securely": 5,
    "sri-not-implemented-response-not-html": 0,
    "sri-not-implemented-but-no-scripts-loaded": 0,
    "sri-not-implemented-but-all-scripts-loaded-from-secure-origin": 0,
    "sri-not-implemented-but-external-scripts-loaded-securely": -5,
    "sri-implemented-but-external-scripts-not-loaded-securely": -20,
    "sri-not-implemented-and-external-scripts-not-loaded-securely": -50,
    # X-Content-Type-Options
    "x-content-type-options-nosniff": 0,
    "x-content-type-options-not-implemented": -5,
    "x-content-type-options-header-invalid": -5,
    # X-Frame-Options
    "x-frame-options-implemented-via-csp": 5,
    "x-frame-options-sameorigin-or-deny": 0,
    "x-frame-options-allow-from-origin": 0,
    "x-frame-options-not-implemented": -20,
    "x-frame-options-header-invalid": -20,
    # Cross-Origin-Resource-Policy
    "cross-origin-resource-policy-implemented-with-same-origin": 10,
    "cross-origin-resource-policy-implemented-with-same-site": 10,
    "cross-origin-resource-policy-implemented-with-cross-origin": 0,
    "cross-origin-resource-policy-not-implemented": 0,
    "cross-origin-resource-policy-header-invalid": -5,
}

DANGEROUSLY_BROAD = {"ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*"}
UNSAFE_INLINE = {"'unsafe-inline'", "data:"}
NONCES_HASHES = ("'sha256-", "'sha384-", "'sha512-", "'nonce-")


@dataclass
class Score:
    results: dict = field(default_factory=dict)  # test name -> expectation

    @property
    def score(self):
        modifiers = [MODIFIERS[result] for result in self.results.values()]
        score = 100 + sum(m for m in modifiers if m < 0)
        if score >= 90:
            score += sum(m for m in modifiers if m > 0)
        return max(score, 0)

    @property
    def grade(self):
        chart = [(100, "A+"), (90, "A"), (85, "A-"), (80, "B+"), (70, "B"), (65, "B-"), (60, "C+"), (50, "C"),
                 (45, "C-"), (40, "D+"), (30, "D"), (25, "D-"), (0, "F")]  # fmt: skip
        return next(grade for floor, grade in chart if self.score >= floor)


def parse_csp(values):
    """Directive -> set of sources, over every policy given (header values joined by commas)."""
    policy = {}
    for value in values:
        for one in value.split(","):
            for directive in one.split(";"):
                parts = directive.strip().split()
                if not parts:
                    continue
                name = parts[0].lower()
                if not re.fullmatch(r"[a-z-]+", name):
                    raise ValueError(f"invalid directive {name!r}")
                policy.setdefault(name, set()).update(p if p.startswith("'") else p.lower() for p in parts[1:])
    return policy


def csp_test(headers, https=True):
    values = headers.get("content-security-policy", [])
    if not values:
        return "csp-not-implemented", {}
    try:
        csp = parse_csp(values)
    except ValueError:
        return "csp-header-invalid", {}
    if not csp:
        return "csp-not-implemented", {}
    default = csp.get("default-src")
    object_src = set(csp.get("object-src") or default or {"*"})
    script_src = set(csp.get("script-src") or default or {"*"})
    style_src = set(csp.get("style-src") or default or {"*"})
    for sources in (script_src, style_src):
        if any(s.startswith(NONCES_HASHES) for s in sources):
            sources.discard("'unsafe-inline'")
    result = None
    if "'strict-dynamic'" in script_src:
        if any(s.startswith(NONCES_HASHES) for s in script_src):
            script_src = {s for s in script_src if s not in ("'self'", "'unsafe-inline'")
                          and not any(s.startswith(b) for b in DANGEROUSLY_BROAD)}  # fmt: skip
        else:
            result = "csp-header-invalid"
    passive = {"img-src", "media-src"}
    active_sources = [s for d, sources in csp.items() if d not in passive and d != "script-src" for s in sources]
    active_sources += list(script_src)
    passive_sources = [s for d in passive for s in (csp.get(d) or default or set())]
    if script_src & (DANGEROUSLY_BROAD | UNSAFE_INLINE) or object_src & DANGEROUSLY_BROAD:
        result = result or "csp-implemented-with-unsafe-inline"
    if https and any(s.startswith(("http:", "ftp:")) for s in active_sources):
        result = result or "csp-implemented-with-insecure-scheme"
    if "'unsafe-eval'" in script_src | style_src:
        result = result or "csp-implemented-with-unsafe-eval"
    if https and any(s.startswith(("http:", "ftp:")) for s in passive_sources):
        result = result or "csp-implemented-with-insecure-scheme-in-passive-content-only"
    if style_src & (DANGEROUSLY_BROAD | UNSAFE_INLINE):
        result = result or "csp-implemented-with-unsafe-inline-in-style-src-only"
    if default == {"'none'"}:
        result = result or "csp-implemented-with-no-unsafe-default-src-none"
    result = result or "csp-implemented-with-no-unsafe"
    return result, csp


def _cookies(set_cookie_values):
    """(name, attributes in lower case) for each Set-Cookie header."""
    cookies = []
    for raw in set_cookie_values:
        jar = SimpleCookie()
        jar.load(raw)
        for name, morsel in jar.items():
            cookies.append((name, {k: v for k, v in morsel.items() if v}, raw))
    return cookies


COOKIE_ORDER = [
    "cookies-without-secure-flag-but-protected-by-hsts",
    "cookies-without-secure-flag",
    "cookies-session-without-secure-flag-but-protected-by-hsts",
    "cookies-samesite-flag-invalid",
    "cookies-anticsrf-without-samesite-flag",
    "cookies-session-without-httponly-flag",
    "cookies-session-without-secure-flag",
]


def cookies_test(set_cookie_values, hsts):
    cookies = _cookies(set_cookie_values)
    if not cookies:
        return "cookies-not-found"
    worst = None

    def worse(result):
        nonlocal worst
        if worst is None or COOKIE_ORDER.index(result) > COOKIE_ORDER.index(worst):
            worst = result

    missing_samesite = False
    for name, attrs, raw in cookies:
        for part in raw.split(";")[1:]:
            key, _sep, value = part.strip().partition("=")
            if key.lower() == "samesite" and value.strip().lower() not in ("lax", "strict", "none"):
                worse("cookies-samesite-flag-invalid")
        session = any(word in name.lower() for word in ("login", "sess"))
        anticsrf = "csrf" in name.lower()
        secure = bool(attrs.get("secure"))
        samesite = attrs.get("samesite")
        if not secure and samesite and samesite.lower() == "none":
            worse("cookies-samesite-flag-invalid")
        if not secure:
            worse("cookies-without-secure-flag-but-protected-by-hsts" if hsts else "cookies-without-secure-flag")
        if anticsrf and not samesite:
            worse("cookies-anticsrf-without-samesite-flag")
        if session and not secure:
            protected = "cookies-session-without-secure-flag-but-protected-by-hsts"
            worse(protected if hsts else "cookies-session-without-secure-flag")
        if session and not attrs.get("httponly"):
            worse("cookies-session-without-httponly-flag")
        missing_samesite = missing_samesite or not samesite
    if worst:
        return worst
    if missing_samesite:
        return "cookies-secure-with-httponly-sessions"
    return "cookies-secure-with-httponly-sessions-and-samesite"


def hsts_test(headers):
    values = headers.get("strict-transport-security", [])
    if not values:
        return "hsts-not-implemented", False
    match = re.search(r"max-age\s*=\s*\"?(\d+)", values[0], re.I)
    if not match:
        return "hsts-header-invalid", False
    if int(match[1]) >= 15768000:
        return "hsts-implemented-max-age-at-least-six-months", True
    return "hsts-implemented-max-age-less-than-six-months", True


def referrer_test(headers):
    values = headers.get("referrer-policy", [])
    if not values:
        return "referrer-policy-not-implemented"
    valid = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin", "origin",
             "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"}  # fmt: skip
    policies = [p.strip().lower() for v in values for p in v.split(",") if p.strip().lower() in valid]
    if not policies:
        return "referrer-policy-header-invalid"
    if policies[-1] in ("no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"):
        return "referrer-policy-private"
    return "referrer-policy-unsafe"


def sri_test(headers, html, origin):
    if "html" not in (headers.get("content-type") or [""])[0]:
        return "sri-not-implemented-response-not-html"
    scripts = re.findall(r"<script\b([^>]*)>", html, re.I)
    sources = []
    for attributes in scripts:
        src = re.search(r"\bsrc\s*=\s*[\"']([^\"']+)", attributes)
        if src:
            sources.append((src[1], "integrity=" in attributes.lower()))
    if not sources:
        return "sri-not-implemented-but-no-scripts-loaded"
    external = [(s, i) for s, i in sources if urlsplit(s).netloc and urlsplit(s).netloc != urlsplit(origin).netloc]
    if not external:
        if all(i for _s, i in sources):
            return "sri-implemented-and-all-scripts-loaded-securely"
        return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"
    insecure = any(not s.startswith("https://") for s, _i in external)
    with_sri = all(i for _s, i in external)
    if insecure and with_sri:
        return "sri-implemented-but-external-scripts-not-loaded-securely"
    if insecure:
        return "sri-not-implemented-and-external-scripts-not-loaded-securely"
    if with_sri:
        return "sri-implemented-and-external-scripts-loaded-securely"
    return "sri-not-implemented-but-external-scripts-loaded-securely"


def score_response(response, origin="https://portal.example.org"):
    """Score a Django test-client response (an https request) as the Observatory would."""
    headers = {}
    for name, value in response.headers.items():
        headers.setdefault(name.lower(), []).append(value)
    set_cookies = [morsel.OutputString() for morsel in response.cookies.values()]
    html = response.content.decode(errors="replace") if hasattr(response, "content") else ""
    score = Score()
    csp_result, csp = csp_test(headers)
    score.results["content-security-policy"] = csp_result
    hsts_result, hsts = hsts_test(headers)
    score.results["strict-transport-security"] = hsts_result
    score.results["cookies"] = cookies_test(set_cookies, hsts)
    acao = (headers.get("access-control-allow-origin") or [""])[0].strip()
    credentials = (headers.get("access-control-allow-credentials") or [""])[0].strip().lower() == "true"
    cors = "cross-origin-resource-sharing"
    if not acao:
        score.results[cors] = f"{cors}-not-implemented"
    elif acao == "*":
        score.results[cors] = f"{cors}-implemented-with-public-access"
    elif credentials:
        score.results[cors] = f"{cors}-implemented-with-universal-access"
    else:
        score.results[cors] = f"{cors}-implemented-with-restricted-access"
    score.results["referrer-policy"] = referrer_test(headers)
    score.results["subresource-integrity"] = sri_test(headers, html, origin)
    xcto = (headers.get("x-content-type-options") or [None])[0]
    if xcto is None:
        score.results["x-content-type-options"] = "x-content-type-options-not-implemented"
    elif xcto.strip().lower() == "nosniff":
        score.results["x-content-type-options"] = "x-content-type-options-nosniff"
    else:
        score.results["x-content-type-options"] = "x-content-type-options-header-invalid"
    xfo = (headers.get("x-frame-options") or [""])[0].strip().lower()
    if "frame-ancestors" in csp:
        score.results["x-frame-options"] = "x-frame-options-implemented-via-csp"
    elif xfo in ("deny", "sameorigin"):
        score.results["x-frame-options"] = "x-frame-options-sameorigin-or-deny"
    elif xfo.startswith("allow-from"):
        score.results["x-frame-options"] = "x-frame-options-allow-from-origin"
    else:
        score.results["x-frame-options"] = f"x-frame-options-{'header-invalid' if xfo else 'not-implemented'}"
    corp = (headers.get("cross-origin-resource-policy") or [""])[0].strip().lower()
    score.results["cross-origin-resource-policy"] = {
        "": "cross-origin-resource-policy-not-implemented",
        "same-origin": "cross-origin-resource-policy-implemented-with-same-origin",
        "same-site": "cross-origin-resource-policy-implemented-with-same-site",
        "cross-origin": "cross-origin-resource-policy-implemented-with-cross-origin",
    }.get(corp, "cross-origin-resource-policy-header-invalid")
    return score
