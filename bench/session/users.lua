-- wrk script: every request carries the session cookie of one simulated user.
-- Arguments (after --): users, threads, id prefix.
-- Each thread cycles through its own share of the users (thread k: users k, k+T, k+2T, ...),
-- so two in-flight requests never share a session unless users == 1, the contention case
-- where every request hits the same session.
local next_thread = 0

function setup(thread)
   thread:set("thread_index", next_thread)
   next_thread = next_thread + 1
end

function init(args)
   users = tonumber(args[1] or "1000")
   threads = tonumber(args[2] or "1")
   prefix = args[3] or "u"
   user = thread_index % users
end

function request()
   -- Session ids: prefix + zero-padded user number, 32 characters of [a-z0-9].
   local id = prefix .. string.format("%0" .. (32 - #prefix) .. "d", user)
   user = (user + threads) % users
   return wrk.format("GET", nil, { ["Cookie"] = "PHPSESSID=" .. id })
end
