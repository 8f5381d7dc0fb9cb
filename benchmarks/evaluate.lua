-- wrk script for the REST service: POST /v1/evaluate with the example person of
-- rules/screening-2024 (all six decisions, explanations off). Run against
-- `entitle serve rules/screening-2024`; see benchmarks/README.md ("REST service").
-- wrk itself reports answers other than 2xx/3xx ("Non-2xx or 3xx responses") and socket
-- errors; both must be absent from a valid run.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[{"as_of": "2024-07-01", "record": {"id": "P00000042", "birth_date": "1964-07-02", "sex": "F", "hukou_local": true, "township": "Nanhu", "groups": ["dibao"], "employment": "none", "resident_pension_enrolled": false, "employee_pension_enrolled": false, "receiving_pension": false, "contribution_months": 0, "monthly_wage": "0.00"}}]]
