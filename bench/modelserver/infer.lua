-- wrk script: KServe V2 infer of one iris row, batch 1, over keep-alive connections.
wrk.method = "POST"
wrk.path = "/v2/models/sklearn-iris/infer"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"id": "bench", "inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [6.8, 2.8, 4.8, 1.4]}]}'

-- wrk counts answers other than 2xx/3xx; report them, so that a fast error cannot pass as speed.
function done(summary, latency, requests)
  io.write(string.format("non-200 responses: %d\n", summary.errors.status))
end
