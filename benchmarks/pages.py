"""Public pages of the domain apps measured by `make bench`: path → (median ms, p95 ms, queries, KB)."""

PAGES = {
    "/es/practices/": (200, 400, 20, 100),
    "/fr/practices/?q=agroforesterie&climate=tropical-dry": (200, 400, 20, 100),
    "/en/practices/parkland-agroforestry-shea/": (150, 300, 20, 60),
    "/api/v1/practices/?page_size=50": (250, 500, 10, 200),
    "/api/v1/practices.geojson": (400, 800, 10, 2000),
}
