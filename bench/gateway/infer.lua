-- wrk: an iris prediction (KServe V1, one row) as the body of every request.
wrk.method = "POST"
wrk.body = '{"instances": [[6.8, 2.8, 4.8, 1.4]]}'
wrk.headers["Content-Type"] = "application/json"
