#!/usr/bin/env python3
"""Writes registry-events.csv: two days of synthetic events for the SLIs of registry-slo.json.

Deterministic (fixed seed): rerun it and the file is identical. Format: see README, "Events file".
Injected, so the report has something to find:
  - probe: down 2024-01-01 14:10-14:35 and 2024-01-02 09:00-09:04; no checks 2024-01-02 03:00-03:06
  - readiness: api has 2 of 3 ready 2024-01-01 14:05-14:40; web has 0 of 2 ready 2024-01-02 09:00-09:06;
    kube-state-metrics gap (no sample of any workload) 2024-01-01 20:00-20:08
  - requests: 4 a minute, lognormal around 180 ms; 10x slower and 5 % errors in the 14:05-14:40 outage
  - provision requests: 60 over two days, lognormal around 25 min; one still open at the end
"""
import math
import random
from datetime import datetime, timedelta, timezone

START = datetime(2024, 1, 1, tzinfo=timezone.utc)
END = START + timedelta(days=2)
rng = random.Random(20240101)


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def within(t, a, b):
    return a <= t < b


def at(day, hh, mm):
    return START + timedelta(days=day, hours=hh, minutes=mm)


rows = []
minutes = int((END - START).total_seconds() // 60)
outage1 = (at(0, 14, 5), at(0, 14, 40))
for m in range(minutes):
    t = START + timedelta(minutes=m)
    # black-box probe, once a minute
    probe_t = t + timedelta(seconds=7)
    if not within(probe_t, at(1, 3, 0), at(1, 3, 6)):
        down = within(probe_t, at(0, 14, 10), at(0, 14, 35)) or within(probe_t, at(1, 9, 0), at(1, 9, 4))
        rows.append((probe_t, "uptime-probe", "down" if down else "up", f"{rng.uniform(0.3, 0.9) if not down else 30.0:.3f}"))
    # kube-state-metrics readiness, once a minute
    ksm_t = t + timedelta(seconds=30)
    if not within(ksm_t, at(0, 20, 0), at(0, 20, 8)):
        for workload, desired in (("platsrv-registry-api", 3), ("platsrv-registry-web", 2), ("pltsvc-mongodb", 3)):
            ready = desired
            if workload == "platsrv-registry-api" and within(ksm_t, *outage1):
                ready = 2
            if workload == "platsrv-registry-web" and within(ksm_t, at(1, 9, 0), at(1, 9, 6)):
                ready = 0
            rows.append((ksm_t, "pod-readiness", workload, str(desired), str(ready)))
    # requests
    for _ in range(4):
        req_t = t + timedelta(milliseconds=rng.randrange(60_000))
        slow = 10.0 if within(req_t, *outage1) else 1.0
        seconds = min(120.0, math.exp(math.log(0.18) + 0.8 * rng.gauss(0, 1)) * slow)
        error_rate = 0.05 if within(req_t, *outage1) else 0.002
        ok = "ok" if rng.random() >= error_rate else "error"
        rows.append((req_t, "response-time", f"{seconds:.4f}", ok))
        rows.append((req_t, "request-outcome", ok))

# provision requests
for i in range(60):
    start = START + timedelta(seconds=rng.randrange(int((END - START).total_seconds()) - 4 * 3600))
    took = timedelta(minutes=min(300.0, math.exp(math.log(25) + 0.7 * rng.gauss(0, 1))))
    rid = f"req-{i + 1:04d}"
    rows.append((start, "provision-time", "start", rid))
    rows.append((start + took, "provision-time", "finish", rid, "failed" if i == 17 else "ok"))
rows.append((at(1, 21, 30), "provision-time", "start", "req-0061"))

rows.sort(key=lambda r: (r[0], r[1:]))
with open("registry-events.csv", "w", newline="\n") as f:
    f.write("#sli-events 1\n")
    f.write("# two days of synthetic events for registry-slo.json, written by generate-registry-events.py\n")
    f.write("# time,sli,fields: latency: seconds,ok|error  outcome: ok|error  readiness: workload,desired,ready\n")
    f.write("#   probe: up|down,latency-seconds  work: start,id | finish,id,ok|failed\n")
    for r in rows:
        f.write(",".join([iso(r[0])] + list(r[1:])) + "\n")
