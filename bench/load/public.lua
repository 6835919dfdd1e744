-- The public portal's pages in turn (several languages, figures, open data), as visitors browse them.
local paths = {
  "/public/en", "/public/fr/help", "/public/en/figures", "/public/ar/help", "/public/ro/exploitation/forced-begging",
  "/public/en/convention", "/public/fr/data", "/public/es/figures", "/public/en/data/victims-by-sex.csv",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
