-- wrk script for the Hono app of bench/compare.sh: each connection cycles through the routes
-- (JSON, one and two path parameters with a query, and the 404 handler; the middleware runs on all).
local paths = { "/json", "/users/42", "/posts/7/comments/3?sort=old", "/", "/no/such/route" }
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
