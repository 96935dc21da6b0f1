"""Public pages of the domain apps measured by `make bench`: path → (median ms, p95 ms, queries, KB)."""

PAGES = {
    "/es/practices/": (200, 400, 20, 100),
    "/fr/practices/?q=agroforesterie&climate=tropical-dry": (200, 400, 20, 100),
    "/en/practices/parkland-agroforestry-shea/": (150, 300, 20, 60),
    "/api/v1/practices/?page_size=50": (250, 500, 10, 200),
    "/api/v1/practices.geojson": (400, 800, 10, 2000),
    # partners
    "/en/partners/": (150, 300, 15, 80),
    "/fr/partners/?college=research": (150, 300, 15, 80),
    "/en/partners/inrae/": (150, 300, 15, 40),
    "/en/partners/map/": (150, 300, 15, 60),
    "/api/v1/partners.geojson": (50, 150, 3, 400),
    # initiatives
    "/en/initiatives/": (150, 300, 15, 80),
    "/fr/initiatives/gaps/": (150, 300, 10, 80),
    "/api/v1/initiatives.csv": (150, 300, 10, 200),
}
