-- A signed-in coordinator's dashboard pages in turn: the dashboard, areas, incidents, the cases' figures. The session
-- cookie comes from the environment (run.sh signs in first).
local paths = { "/", "/areas", "/incidents", "/cases/statistics" }
local i = 0
wrk.headers["Cookie"] = os.getenv("VIGIE_COOKIE")
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
