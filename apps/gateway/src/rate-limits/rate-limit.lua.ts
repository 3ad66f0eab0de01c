/**
 * Checks every tier of one request, then charges all of them — only when all allow, so a
 * refused request costs nothing. One script = one atomic step: two gateways can never both
 * take the last unit. Each tier's window starts with its first unit (the key's TTL), so
 * Redis' clock is the only clock.
 *
 * KEYS[i]: a tier's counter. ARGV: four numbers per key — limit, window ms, cost (added
 * when allowed), need (units that must be left; a check-only tier has cost 0, need 1).
 * Returns {1, remaining_1, resetMs_1, remaining_2, resetMs_2, ...} when allowed,
 * {0, index of the refusing key (1-based), retry-after ms} when not.
 */
export const CHECK_SCRIPT = `
local used = {}
for i = 1, #KEYS do
  local a = (i - 1) * 4
  local limit, window, need = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), tonumber(ARGV[a + 4])
  local current = tonumber(redis.call('GET', KEYS[i]) or '0')
  if current + need > limit then
    local ttl = redis.call('PTTL', KEYS[i])
    if ttl < 0 then
      redis.call('PEXPIRE', KEYS[i], window)
      ttl = window
    end
    return {0, i, ttl}
  end
  used[i] = current
end
local out = {1}
for i = 1, #KEYS do
  local a = (i - 1) * 4
  local limit, window, cost = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3])
  local current = used[i]
  if cost > 0 then current = redis.call('INCRBY', KEYS[i], cost) end
  local ttl = redis.call('PTTL', KEYS[i])
  if ttl == -1 then
    redis.call('PEXPIRE', KEYS[i], window)
    ttl = window
  elseif ttl == -2 then
    ttl = window
  end
  out[#out + 1] = limit - current
  out[#out + 1] = ttl
end
return out
`;

/** Adds consumed units after the fact (output tokens known at the end of an answer). KEYS[1]; ARGV: units, window ms. */
export const CHARGE_SCRIPT = `
local current = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) == -1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return current
`;
