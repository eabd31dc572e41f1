-- Releases a portal's refresh lock only if its owner still holds it (it may have expired and been taken by another).
-- KEYS[1] the lock; ARGV[1] the owner. Returns 1 if deleted, else 0.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
