"""Reads a `vigie export parquet` folder with DataFusion and with Spark SQL, as the files are (Hive partitions
discovered from the folder names), computes the area statistics of docs/parquet.md, and compares them with vigie's
own figures from its JSON API (/api/v1) on the same database.

usage: compare.py EXPORT_DIR BASE_URL USER PASSWORD
"""

import json
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pyarrow as pa
import pyarrow.parquet as pq

export, base, user, password = sys.argv[1:5]

# The same SQL for both engines (docs/parquet.md).
INCIDENTS_PER_AREA_YEAR = """
SELECT area_code, CAST(year AS INT) AS year, COUNT(*) AS incidents
FROM incidents
WHERE area_code IS NOT NULL
GROUP BY area_code, CAST(year AS INT)
ORDER BY area_code, year
"""
MEAN_INDICATOR_PER_AREA = """
SELECT area_code, indicator_code, AVG(value) AS mean_value, COUNT(*) AS periods
FROM area_indicators
GROUP BY area_code, indicator_code
ORDER BY area_code, indicator_code
"""
RATE_PER_1000 = """
SELECT i.area_code, CAST(i.year AS INT) AS year, CAST(COUNT(*) AS DOUBLE) * 1000 / MAX(a.population) AS per_1000
FROM incidents i JOIN areas a ON a.area_code = i.area_code
GROUP BY i.area_code, CAST(i.year AS INT)
ORDER BY i.area_code, year
"""


def footer_types():
    """The logical types pyarrow reads from one file of each dataset."""
    out = {}
    for name, path in [
        ("incidents", "incidents/year=2024/part-0.parquet"),
        ("area_indicators", "area_indicators/year=2024/part-0.parquet"),
        ("network_links", "network_links/network_id=1/part-0.parquet"),
        ("areas", "areas/part-0.parquet"),
    ]:
        schema = pq.read_schema(f"{export}/{path}")
        out[name] = {f.name: str(f.type) + ("" if f.nullable else " not null") for f in schema}
    return out


def datafusion_results():
    import datafusion

    ctx = datafusion.SessionContext()
    ctx.register_parquet("incidents", f"{export}/incidents/", table_partition_cols=[("year", pa.int32())])
    ctx.register_parquet("area_indicators", f"{export}/area_indicators/", table_partition_cols=[("year", pa.int32())])
    ctx.register_parquet("areas", f"{export}/areas/")
    ctx.register_parquet("network_links", f"{export}/network_links/", table_partition_cols=[("network_id", pa.int64())])

    def rows(sql):
        return [tuple(r.values()) for r in ctx.sql(sql).to_pylist()]

    return {
        "incidents": rows(INCIDENTS_PER_AREA_YEAR),
        "indicators": rows(MEAN_INDICATOR_PER_AREA),
        "rates": rows(RATE_PER_1000),
        "links": rows("SELECT network_id, COUNT(*), MIN(network_uploaded_at) FROM network_links GROUP BY network_id"),
        "schema": str(ctx.table("network_links").schema()),
    }


def spark_results():
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("vigie-parquet-check")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    for name in ["incidents", "area_indicators", "areas", "network_links"]:
        spark.read.parquet(f"{export}/{name}").createOrReplaceTempView(name)

    def rows(sql):
        return [tuple(r) for r in spark.sql(sql).collect()]

    out = {
        "incidents": rows(INCIDENTS_PER_AREA_YEAR),
        "indicators": rows(MEAN_INDICATOR_PER_AREA),
        "rates": rows(RATE_PER_1000),
        "links": rows("SELECT network_id, COUNT(*), MIN(network_uploaded_at) FROM network_links GROUP BY network_id"),
        "schema": {
            n: spark.table(n).schema.simpleString() for n in ["incidents", "area_indicators", "areas", "network_links"]
        },
    }
    out["version"] = spark.version
    spark.stop()
    return out


class Api:
    """vigie's JSON API, signed in as the demo analyst. Cookies are kept by hand: the session cookie is `Secure`,
    which Python's cookie jar never sends over plain HTTP, even to 127.0.0.1."""

    def __init__(self):
        self.cookies = {}
        page = self.open("/login").read().decode()
        csrf = re.search(r'name="csrf" value="([^"]*)"', page).group(1)
        form = urllib.parse.urlencode({"csrf": csrf, "username": user, "password": password}).encode()
        self.open("/login", form).read()

    def open(self, path, data=None):
        req = urllib.request.Request(f"{base}{path}", data=data)
        if self.cookies:
            req.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        opener = urllib.request.build_opener(NoRedirect)
        try:
            resp = opener.open(req)
        except urllib.error.HTTPError as e:
            if e.code not in (301, 302, 303):
                raise
            resp = e
        for h in resp.headers.get_all("Set-Cookie") or []:
            k, v = h.split(";", 1)[0].split("=", 1)
            self.cookies[k.strip()] = v
        return resp

    def get(self, path):
        return json.loads(self.open(path).read())


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def vigie_results(years):
    api = Api()
    areas = [f["id"] for f in api.get("/api/v1/areas")["features"]]
    incidents = []
    for a in sorted(areas):
        for y in years:
            q = urllib.parse.urlencode({"area": a, "from": f"{y}-01-01", "to": f"{y}-12-31"})
            n = api.get(f"/api/v1/incidents?{q}")["total"]
            if n:
                incidents.append((a, y, n))
    sums = {}
    for ind in api.get("/api/v1/indicators"):
        code = ind["definition"]["code"]
        for p in ind["periods"]:
            for v in api.get(f"/api/v1/indicators/{code}/values?period={p}")["values"]:
                s = sums.setdefault((v["area"], code), [0.0, 0])
                s[0] += v["value"]
                s[1] += 1
    indicators = [(a, c, s / n, n) for (a, c), (s, n) in sorted(sums.items())]
    return {"incidents": incidents, "indicators": indicators}


def same(a, b, tol=1e-9):
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        for u, v in zip(x, y):
            if isinstance(u, float) or isinstance(v, float):
                if abs(u - v) > tol * max(1.0, abs(u), abs(v)):
                    return False
            elif u != v:
                return False
    return True


manifest = json.load(open(f"{export}/_vigie.json"))
print("export:", {d["name"]: d["rows"] for d in manifest["datasets"]}, "secret:", manifest["pseudonymisation"]["secret"])
print("\npyarrow reads the footers as:")
for name, cols in footer_types().items():
    print(f"  {name}: " + ", ".join(f"{c} {t}" for c, t in cols.items()))

t = time.time()
df = datafusion_results()
print(f"\nDataFusion: {len(df['incidents'])} (area, year) counts, {len(df['indicators'])} (area, indicator) means"
      f" in {time.time() - t:.1f} s")
print("  network_links as DataFusion reads it:", df["schema"].replace("\n", "; "))

years = sorted({y for _, y, _ in df["incidents"]})
t = time.time()
ours = vigie_results(years)
print(f"vigie's API: {len(ours['incidents'])} (area, year) counts, {len(ours['indicators'])} means"
      f" in {time.time() - t:.1f} s")

spark = None
try:
    t = time.time()
    spark = spark_results()
    print(f"Spark {spark['version']}: {len(spark['incidents'])} counts, {len(spark['indicators'])} means"
          f" in {time.time() - t:.1f} s")
    for n, s in spark["schema"].items():
        print(f"  {n} as Spark reads it: {s}")
except Exception as e:  # noqa: BLE001 - Spark is optional here; say why it did not run
    print(f"Spark: not run ({type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''})")

ok = True
checks = [
    ("incidents per area and year: DataFusion = vigie", same(df["incidents"], ours["incidents"])),
    ("mean indicator per area: DataFusion = vigie", same(df["indicators"], ours["indicators"])),
]
if spark:
    checks += [
        ("incidents per area and year: Spark = vigie", same(spark["incidents"], ours["incidents"])),
        ("mean indicator per area: Spark = vigie", same(spark["indicators"], ours["indicators"])),
        ("incidents per 1,000 inhabitants: Spark = DataFusion", same(spark["rates"], df["rates"])),
        ("network links and upload time: Spark = DataFusion",
         [(a, b) for a, b, _ in spark["links"]] == [(a, b) for a, b, _ in df["links"]]
         and [str(c.replace(tzinfo=None)) for _, _, c in spark["links"]]
         == [str(c.replace(tzinfo=None)) for _, _, c in df["links"]]),
    ]
print()
for what, good in checks:
    ok &= good
    print(f"{'OK  ' if good else 'DIFF'} {what}")
print("\nfirst rows (DataFusion):")
for r in df["incidents"][:3]:
    print("  incidents", r)
for r in df["indicators"][:3]:
    print("  indicator", tuple(round(x, 4) if isinstance(x, float) else x for x in r))
for r in df["rates"][:3]:
    print("  per 1,000", tuple(round(x, 3) if isinstance(x, float) else x for x in r))
print("  links    ", df["links"])
sys.exit(0 if ok else 1)
