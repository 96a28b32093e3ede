-- wrk script: each connection is one citizen sending "Ansökan om kontaktperson" over
-- and over: every step (GET, POST, follow the redirect), the check page, sending and
-- the receipt. Run with as many threads as connections (-t N -c N), so each thread's
-- state belongs to one connection. Counts complete submissions and failures.

local answers = {
  ["skyddade-uppgifter"] = { skyddad = "nej" },
  ["for-vem"] = { for_vem = "mig" },
  ["om-dig"] = { fornamn = "Sven", efternamn = "Ek", personnummer = "640823-3234",
                 telefon = "070-174 06 40" },
  ["stod"] = { stod = "Någon att prata med." },
  ["kontakt"] = { kontaktsatt = "telefon", tolk = "nej" },
  ["intygande"] = { intygande = "y" },
}
local start = "/ansokan/kontaktperson/"
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  method, path, body, cookie = "GET", start, nil, nil
  completed, failed = 0, 0
end

local function encode(text)
  return (text:gsub("[^%w%-%._~]", function(c)
    if c == " " then return "+" end
    return string.format("%%%02X", string.byte(c))
  end))
end

local function form_body(values, csrf)
  local parts = { "csrf_token=" .. encode(csrf) }
  for name, value in pairs(values) do
    table.insert(parts, name .. "=" .. encode(value))
  end
  return table.concat(parts, "&")
end

function request()
  local headers = {}
  if cookie then headers["Cookie"] = cookie end
  if method == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
  return wrk.format(method, path, headers, body)
end

local function restart()
  method, path, body = "GET", start, nil
end

function response(status, headers, page)
  local set_cookie = headers["Set-Cookie"]
  if set_cookie then cookie = set_cookie:match("^([^;]+)") end
  if status == 302 or status == 303 then
    method, path, body = "GET", headers["Location"]:gsub("^https?://[^/]+", ""), nil
    return
  end
  if status ~= 200 then
    failed = failed + 1
    return restart()
  end
  local csrf = page:match('name="csrf_token" value="([^"]+)"')
  if path:find("/skickad/") then
    completed = completed + 1
    return restart()
  end
  if path:find("/granska/") then
    local key = page:match('name="nyckel" value="([^"]+)"')
    method, body = "POST", form_body({ nyckel = key }, csrf)
    return
  end
  local slug = path:match("/steg/([^/]+)/")
  if not slug or not answers[slug] or not csrf then
    failed = failed + 1
    return restart()
  end
  method, body = "POST", form_body(answers[slug], csrf)
end

function done(summary, latency, requests)
  local total_completed, total_failed = 0, 0
  for _, thread in ipairs(threads) do
    total_completed = total_completed + thread:get("completed")
    total_failed = total_failed + thread:get("failed")
  end
  io.write(string.format("RESULT completed=%d failed=%d requests=%d errors=%d "
    .. "p50_ms=%.1f p99_ms=%.1f seconds=%.2f\n",
    total_completed, total_failed, summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.duration / 1e6))
end
