-- wrk script: one address sending applications as fast as it can, without a valid
-- form (no CSRF token): every request is refused, first with 400, then with 429.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "nyckel=x&csrf_token=x"
