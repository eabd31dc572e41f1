-- Writes a portal's token record only if it is still the one the writer read (a refresh, a re-authorisation mark or a
-- re-encryption must not overwrite a newer install or refresh).
-- KEYS[1] the record; ARGV[1] the record the writer read; ARGV[2] the new record. Returns 1 if written, else 0.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2])
  return 1
end
return 0
