"""Public pages of the domain apps for `make bench` (path: (median ms, p95 ms, queries, KB))."""

PAGES = {
    # partners
    "/en/partners/": (150, 300, 15, 80),
    "/fr/partners/?college=research": (150, 300, 15, 80),
    "/en/partners/inrae/": (150, 300, 15, 40),
    "/en/partners/map/": (150, 300, 15, 60),
    "/api/v1/partners.geojson": (50, 150, 3, 400),
}
