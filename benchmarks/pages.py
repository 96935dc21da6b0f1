"""Public pages of the domain apps measured by `make bench`: path → (median ms, p95 ms, queries, KB).

At the Initiative's size (`--scale initiative`: 50,120 practice sheets, 10,240 organisations) the goals
of issue 15 apply: a practice search answers in under 50 ms at the 95th percentile for rare and for
common words in each language, the list page with its facets in under 100 ms (median), an API page in
under 50 ms, the partner GeoJSON weighs under 300 KB compressed, the partner directory and a sheet
answer in under 50 ms. KB is what is sent: compressed where HEADERS asks for it as a browser does.
"""

# Words of a soil-carbon database: in most sheets (soil, carbon), in about one in eight (compost) and
# in the 20 copies of the hand-written peatland sheet only (rare).
SEARCH_WORDS = {
    "en": ["soil", "carbon", "compost", "peatlands"],
    "fr": ["sol", "carbone", "compost", "tourbières"],
    "es": ["suelo", "carbono", "compost", "turberas"],
}

PAGES = {
    "/es/practices/": (100, 200, 20, 100),
    "/fr/practices/?q=agroforesterie&climate=tropical-dry": (100, 200, 20, 100),
    **{f"/{lang}/practices/?q={words[0]}": (100, 200, 20, 100) for lang, words in SEARCH_WORDS.items()},
    # The search itself: the API's first page of results, ranked, with the count.
    **{
        f"/api/v1/practices/?lang={lang}&q={word}": (50, 50, 10, 200)
        for lang, words in SEARCH_WORDS.items()
        for word in words
    },
    "/en/practices/parkland-agroforestry-shea/": (50, 100, 20, 60),
    "/api/v1/practices/?page_size=50": (50, 100, 10, 200),
    "/api/v1/practices.geojson?q=turberas&lang=es": (100, 200, 10, 100),
    # What the list's map reads: every place of the 50,000 sheets, name and sheet only, compressed and
    # kept in the cache (the full records were 38 MB and 8 s).
    "/api/v1/practice-places.geojson": (50, 150, 3, 1000),
    # site search: pages, practices, partners, initiatives, events and topics at once; "soil" is in
    # 45,000 of the 50,000 sheets
    "/en/search/?q=soil": (150, 300, 30, 80),
    "/fr/search/?q=sol": (150, 300, 30, 80),
    # crawlers: the sitemap index and one language's sitemap (2,400 pages a language at this size)
    "/sitemap.xml": (150, 300, 30, 10),
    "/sitemap-en.xml": (150, 300, 30, 100),
    # partners
    "/en/partners/": (50, 100, 15, 80),
    "/fr/partners/?college=research": (50, 100, 15, 80),
    "/en/partners/inrae/": (50, 100, 15, 40),
    "/en/partners/map/": (50, 100, 15, 60),
    "/api/v1/partners.geojson": (50, 150, 3, 300),
    # initiatives
    "/en/initiatives/": (150, 300, 15, 80),
    "/fr/initiatives/gaps/": (150, 300, 10, 80),
    # A full export (2,000 initiatives, one row per country): its size is the data's. Kept in the cache
    # once sent (partners/cache.py): "first ms" is the file made from the database; the filtered export
    # below (half the inventory, never cached) is the cost of making it.
    "/api/v1/initiatives.csv": (150, 300, 10, 600),
    "/api/v1/initiatives.csv?status=2": (150, 300, 10, 300),
}

# Request headers per page (others: none, as the test client sends): the map asks for compression.
HEADERS = {
    "/api/v1/partners.geojson": {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"},
    "/api/v1/practice-places.geojson": {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"},
}
