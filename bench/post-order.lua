-- wrk script: POST a ~1.5 KB canonical order with a channel order id unique per request,
-- so every request is a new durable write (no idempotent replays).
-- Optional pacing: set WRK_DELAY_MS to wait about that long (on average) between requests on each connection.
local counter = 0
local prefix = ""
local delay_ms = tonumber(os.getenv("WRK_DELAY_MS") or "0")
-- Optional bearer token (WRK_TOKEN) for a gateway with access checks on.
local headers = {["Content-Type"] = "application/json"}
local token = os.getenv("WRK_TOKEN") or ""
if token ~= "" then headers["Authorization"] = "Bearer " .. token end

function setup(thread)
  thread:set("id", tostring(math.random(1, 1e9)))
end

function init(args)
  prefix = (id or tostring(math.random(1, 1e9))) .. "-" .. tostring(os.time())
end

local template = [[{"channelOrderId":"BENCH-%s-%d","order":{"status":"paid","placedAt":"2026-11-27T10:00:00+08:00","updatedAt":"2026-11-27T10:01:00+08:00","currency":"CNY","amounts":{"subtotal":"387.00","discount":"20.00","shipping":"10.00","tax":"0.00","total":"377.00"},"buyer":{"id":"buyer-20931","name":"Zhang Min","phone":"+86 139 1234 5678","email":"zhang.min@example.com"},"shippingAddress":{"country":"CN","province":"Guangdong","city":"Shenzhen","district":"Nanshan","street":["Building 7, 1001 Keyuan Road","Unit 1203"],"postalCode":"518057","lat":22.5405,"lon":113.9345},"lines":[{"lineId":"1","sku":"TEA-LJ-250","channelSku":"tm-88231","title":"West Lake Longjing green tea 250 g tin","quantity":2,"unitPrice":"129.00","discount":"10.00","tax":"0.00"},{"lineId":"2","sku":"CUP-GLASS-2","channelSku":"tm-88232","title":"Double-wall glass tea cup, set of 2","quantity":1,"unitPrice":"89.00","discount":"10.00","tax":"0.00"},{"lineId":"3","sku":"TRAY-BAMBOO","channelSku":"tm-88233","title":"Bamboo tea tray","quantity":1,"unitPrice":"40.00","discount":"0.00","tax":"0.00"}],"fulfilment":{"mode":"ship"},"extras":{"shopId":"tmall-tea-flagship","sellerMemo":"gift wrap, no invoice","promotion":"double-11-preheat","buyerMessage":"please deliver after 6 pm on weekdays","invoice":{"type":"personal","title":"Zhang Min","email":"zhang.min@example.com"},"tags":["vip","repeat-buyer","tea-club","double-11"],"logistics":{"preferred":"SF","insurance":true,"window":"18:00-21:00"},"source":"tmall-app-ios-12.3.1"}}}]]

request = function()
  counter = counter + 1
  local body = string.format(template, prefix, counter)
  return wrk.format("POST", "/v1/channels/canonical/orders", headers, body)
end

if delay_ms > 0 then
  -- Uniform 0..2×delay: the same mean pace without every connection firing in lock-step.
  delay = function() return math.random(0, 2 * delay_ms) end
end
