-- The heavy report pages of a signed-in coordinator: the action plan (each measure's evaluation) and the diagnosis.
local paths = { "/plan", "/diagnosis" }
local i = 0
wrk.headers["Cookie"] = os.getenv("VIGIE_COOKIE")
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
