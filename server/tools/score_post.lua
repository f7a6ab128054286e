-- wrk script: POST one page's HTML to /v1/score, the same body on every request.
--   wrk -t1 -c8 -d8s --latency -s server/tools/score_post.lua http://127.0.0.1:8000 -- PAGE.html URL
-- The body is built once, at start: {"url": URL, "html": <the file's text>}.

local function json_string(s)
  local escaped = s:gsub('[%c"\\]', function(c)
    if c == '"' then return '\\"' end
    if c == '\\' then return '\\\\' end
    return string.format('\\u%04x', c:byte())
  end)
  return '"' .. escaped .. '"'
end

function init(args)
  local path, url = args[1], args[2]
  if not path or not url then
    error("usage: wrk ... -s score_post.lua BASE -- PAGE.html URL")
  end
  local f = assert(io.open(path, "rb"))
  local html = f:read("*a")
  f:close()
  wrk.method = "POST"
  wrk.path = "/v1/score"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = '{"url":' .. json_string(url) .. ',"html":' .. json_string(html) .. '}'
end
