-- Mixed traffic, as a city's day might bring it: in every 20 requests, 7 public pages, 6 dashboard pages and 1 report
-- page of a signed-in coordinator, 4 case views (the coordinator's view of a case) and 1 sign-in (a form post: the
-- sign-in page for its CSRF token, then the form), in a fixed order. The coordinator's session cookie comes from
-- the environment (run.sh signs in first); the sign-ins are the analyst's, each with a session of its own.
local public = { "/public/en", "/public/fr/help", "/public/en/figures", "/public/ar/help", "/public/en/data/victims-by-sex.csv",
  "/public/es/figures", "/public/en/convention" }
local dashboard = { "/", "/areas", "/incidents", "/cases/statistics", "/", "/areas" }
local reports = { "/plan", "/diagnosis" }
local cookie = os.getenv("VIGIE_COOKIE")
local password = os.getenv("VIGIE_PASSWORD") or "load-test-password"
local plan = { "p", "d", "c", "p", "d", "p", "c", "d", "p", "l", "p", "d", "c", "r", "p", "d", "c", "p", "d", "p" }
local i, n = 0, 0
local pending = nil -- the sign-in form to post next: { cookie, csrf }
local wanted_form = false

request = function()
  if pending then
    local body = "csrf=" .. pending.csrf .. "&username=analyst&password=" .. password
    local headers = { ["Cookie"] = pending.cookie, ["Content-Type"] = "application/x-www-form-urlencoded" }
    pending = nil
    return wrk.format("POST", "/login", headers, body)
  end
  i = i + 1
  n = n + 1
  local kind = plan[(i % #plan) + 1]
  if kind == "p" then
    return wrk.format("GET", public[(n % #public) + 1])
  elseif kind == "d" then
    return wrk.format("GET", dashboard[(n % #dashboard) + 1], { ["Cookie"] = cookie })
  elseif kind == "r" then
    return wrk.format("GET", reports[(n % #reports) + 1], { ["Cookie"] = cookie })
  elseif kind == "c" then
    return wrk.format("GET", "/cases/" .. ((n * 7) % 200 + 1), { ["Cookie"] = cookie })
  else
    wanted_form = true
    return wrk.format("GET", "/login")
  end
end

response = function(status, headers, body)
  if wanted_form then
    wanted_form = false
    local csrf = body:match('name="csrf" value="([^"]+)"')
    local set = headers["Set-Cookie"] or headers["set-cookie"]
    if csrf and set then
      pending = { cookie = set:match("^([^;]+)"), csrf = csrf }
    end
  end
end
