#!/usr/bin/env python3
"""Three weeks of the registry's metrics, as Prometheus exports them, for `sli replay`.

Writes a Prometheus /api/v1/query_range answer ({"status":"success","data":{"resultType":"matrix",
"result":[...]}}; Unix seconds, values as strings, a gap simply absent), gzip-compressed, and a small
JSON file of the seed, the parameters and every injected event with its time. Python 3 standard library
only. The same seed and parameters give the same JSON text; the gzip bytes are the same with the same
zlib (no file name, mtime 0).

Usage:
  generate-registry-3w.py [--seed N] [--days D] [--start ISO] [--out FILE] [--meta FILE]
      --seed   random seed (default 20240101)
      --days   span in days, 18 or more (default 21); samples every 60 s from --start to start + days, both included
      --start  first sample, UTC (default 2024-01-01T00:00:00Z)
      --out    the export (default registry-3w.json.gz beside this script)
      --meta   seed, parameters and injected events (default registry-3w.meta.json beside this script)
  generate-registry-3w.py --verify [--out FILE] [--replay-json FILE]
      Recomputes, from the samples in the export alone, what `sli replay examples/registry-slo.json`
      should count over its window (the 21 days ending one minute after the last sample): requests and
      5xx, the histogram's requests within 2 s and 5 s, pod-readiness minutes up, down and unknown,
      probe minutes up and down, provision requests within and over 1 h and still open, the error
      ratio of the last hour and 5 minutes. With --replay-json (the output of `sli replay ... --format
      json`), compares each with the replay's figures and exits 1 on any difference.

The metric names and labels follow /work/shared/conformance (its README, "Dataset"):
  kube_workload_status_desired / _ready{kube_cluster_name, kube_namespace_name, kube_workload_name,
      kube_workload_type}: platsrv-registry-api (3), platsrv-registry-web (2), pltsvc-mongodb (3) in
      silver/101ed4-prod, and the decoys platsrv-registry-api-canary (silver) and platsrv-registry-api in
      cluster gold, which the config's anchored regex and cluster label must exclude;
  http_requests_total{..., code="2xx"|"5xx"} for api and web (counters, daily and weekly cycle);
  http_request_duration_seconds_bucket{le="0.05|0.1|0.25|0.5|1|2|5|+Inf"}, _count, _sum (api);
  sysdig_container_net_http_request_time (gauge, ns) for the three workloads and both decoys;
  probe_success{check="uptime-com-1565965"} (1/0 a minute) and a decoy check of another service;
  provision_request_started_timestamp_seconds / _finished_timestamp_seconds{request_id} (Unix seconds;
      finished is 0 until the request completes; an exporter drops a request an hour after it finished).
"""
import argparse
import gzip
import json
import math
import os
import random
import sys
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
STEP = 60
SILVER = {"kube_cluster_name": "silver", "kube_namespace_name": "101ed4-prod"}
GOLD = {"kube_cluster_name": "gold", "kube_namespace_name": "101ed4-prod"}
API, WEB, MONGO, CANARY = "platsrv-registry-api", "platsrv-registry-web", "pltsvc-mongodb", "platsrv-registry-api-canary"
SELECTED = {API: 3, WEB: 2, MONGO: 3}
LES = ["0.05", "0.1", "0.25", "0.5", "1", "2", "5", "+Inf"]
CHECK, DECOY_CHECK = "uptime-com-1565965", "uptime-com-1565970"


def iso(unix):
    return datetime.fromtimestamp(unix, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def poisson(rng, lam):
    """A Poisson draw: Knuth's product method for small means, a rounded normal above 30."""
    if lam <= 0:
        return 0
    if lam < 30:
        limit, k, p = math.exp(-lam), 0, rng.random()
        while p > limit:
            k += 1
            p *= rng.random()
        return k
    return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))


def lognormal_cdf(x, median, sigma):
    return 0.5 * (1 + math.erf((math.log(x) - math.log(median)) / (sigma * math.sqrt(2))))


class Gen:
    def __init__(self, seed, days, start):
        self.rng = random.Random(seed)
        self.seed, self.days, self.t0 = seed, days, start
        self.n = days * 1440 + 1  # samples per full series, both ends included
        self.end = start + days * 86400
        self.events = []
        self.series = []  # (metric dict, [(unix, value string)])

    def minute(self, day, hh, mm):
        return day * 1440 + hh * 60 + mm

    def event(self, kind, from_min, to_min, **details):
        e = {"kind": kind, "from": iso(self.t0 + from_min * STEP), "to": iso(self.t0 + to_min * STEP),
             "fromMinute": from_min, "toMinute": to_min}
        e.update(details)
        self.events.append(e)

    def add(self, name, labels, points):
        metric = {"__name__": name}
        metric.update(labels)
        self.series.append((metric, points))

    # ---------------------------------------------------------------- the plan of events
    def plan(self):
        rng, n = self.rng, self.n
        self.busy = []  # minute ranges already taken by an event on the selected workloads

        def free(a, b):
            return all(b <= x or a >= y for x, y in self.busy)

        self.ksm_gap = (self.minute(6, 20, 0), self.minute(6, 20, 8))
        self.event("gap", *self.ksm_gap, what="every kube_workload_status_* series (kube-state-metrics scrape gap)",
                   samplesMissing=8)
        self.deploy = self.minute(9, 18, 30)  # api rollout, maxSurge 1: ready goes above and below desired
        self.deploy_ready = [3, 3, 4, 4, 2, 3, 3, 4, 3]
        self.event("deploy", self.deploy, self.deploy + len(self.deploy_ready), workload=API,
                   readyPerMinute=self.deploy_ready,
                   note="rolling update with a surge pod: ready 4 of 3 twice, 2 of 3 for one minute; the api's "
                        "request and histogram counters restart from 0 at the first minute with ready 2 (new pods)")
        self.api_reset = self.deploy + 4
        self.event("counterReset", self.api_reset, self.api_reset, series="http_requests_total and "
                   "http_request_duration_seconds_* of " + API, note="the value after the reset is that minute's increase")
        self.scale = (self.minute(4, 17, 0), self.minute(4, 19, 40))
        self.event("scale", *self.scale, workload=WEB, desired=3, readyLagMinutes=3,
                   note="desired 2 -> 3, ready follows 3 minutes later; when it scales back ready is 3 of 2 for one sample")
        self.web_reset = self.minute(15, 3, 12)
        self.event("counterReset", self.web_reset, self.web_reset, series="http_requests_total of " + WEB + " (restart)",
                   note="the value after the reset is that minute's increase")
        self.spike = (self.minute(13, 21, 30), self.minute(13, 21, 52))
        self.event("latencySpike", *self.spike, workload=API, factor=12,
                   note="api request durations (histogram) and its Sysdig request time x12; no errors")
        self.router = (self.minute(17, 7, 40), self.minute(17, 7, 46))
        self.event("probeOnlyOutage", *self.router, note="ingress/router failure: the black-box probe fails and almost "
                   "no request reaches the pods; every workload stays ready")
        self.burst = (n - 1 - 55, n)
        self.event("errorBurst", self.burst[0], n - 1, errorRatio={API: 0.30, WEB: 0.12}, probeFailureShare=0.3,
                   note="the last 55 minutes: enough for the 1h/5m page tier (burn rate 10.08) of error-rate-slo")
        self.mongo_gap = (self.minute(11, 2, 17), self.minute(11, 2, 24))
        self.event("gap", *self.mongo_gap, what="sysdig_container_net_http_request_time of " + MONGO, samplesMissing=7)
        self.web_sysdig_spike = self.minute(2, 22, 3)
        self.event("sysdigSpike", self.web_sysdig_spike, self.web_sysdig_spike + 1, workload=WEB, seconds=2.4,
                   note="one sample of 2.4 s: the document's latency dashboard drops web (max >= 2 s)")
        for a, b in (self.ksm_gap, (self.deploy, self.deploy + 9), self.scale, self.spike, self.router, self.burst):
            self.busy.append((a - 30, b + 30))

        # outages of the selected workloads: 2-45 min, one replica missing, or none ready a quarter of the time
        self.outages = []
        workloads = [API, API, API, API, WEB, WEB, WEB, MONGO, MONGO, API, WEB]
        for i, w in enumerate(workloads):
            while True:
                length = rng.randint(2, 45)
                a = rng.randrange(60, n - 24 * 60)
                if free(a, a + length):
                    break
            full = i % 4 == 1
            missing = SELECTED[w] if full else 1
            self.busy.append((a - 30, a + length + 30))
            self.outages.append((w, "silver", a, a + length, missing))
            self.event("outage", a, a + length, workload=w, cluster="silver", readyMissing=missing, selected=True,
                       probeFails=full or (w == MONGO and SELECTED[w] - missing < 2))
        for w, cluster in ((CANARY, "silver"), (CANARY, "silver"), (API, "gold"), (API, "gold"), (API, "gold")):
            length = rng.randint(2, 45)
            a = rng.randrange(60, n - 60)
            self.outages.append((w, cluster, a, a + length, 1))
            self.event("outage", a, a + length, workload=w, cluster=cluster, readyMissing=1, selected=False)

    def down(self, workload, cluster, m):
        """Replicas missing for the workload at minute m (outages only)."""
        return max([x for w, c, a, b, x in self.outages if w == workload and c == cluster and a <= m < b] or [0])

    # ---------------------------------------------------------------- readiness
    def readiness(self):
        workloads = [(API, "silver", "deployment", 3), (WEB, "silver", "deployment", 2),
                     (MONGO, "silver", "statefulset", 3), (CANARY, "silver", "deployment", 1), (API, "gold", "deployment", 3)]
        self.ready_state = {}
        for w, cluster, kind, base in workloads:
            labels = dict(SILVER if cluster == "silver" else GOLD, kube_workload_name=w, kube_workload_type=kind)
            desired_pts, ready_pts, states = [], [], []
            for m in range(self.n):
                desired = base
                ready = base
                if cluster == "silver" and w == WEB:
                    if self.scale[0] <= m < self.scale[1]:
                        desired = 3
                        ready = 2 if m < self.scale[0] + 3 else 3
                    elif m == self.scale[1]:
                        ready = 3  # the scale-down: one sample with more ready than desired
                if cluster == "silver" and w == API and self.deploy <= m < self.deploy + len(self.deploy_ready):
                    ready = self.deploy_ready[m - self.deploy]
                ready = max(0, ready - self.down(w, cluster, m))
                states.append((desired, ready))
                if self.ksm_gap[0] <= m < self.ksm_gap[1]:
                    continue
                t = self.t0 + m * STEP
                desired_pts.append((t, str(desired)))
                ready_pts.append((t, str(ready)))
            self.ready_state[(w, cluster)] = states
            self.add("kube_workload_status_desired", labels, desired_pts)
            self.add("kube_workload_status_ready", labels, ready_pts)

    # ---------------------------------------------------------------- traffic
    def rate(self, m, per_minute):
        """Requests a minute: a daily cycle peaking at 14:00 Pacific (22:00 UTC), quieter on weekends."""
        t = self.t0 + m * STEP
        hour = (t % 86400) / 3600.0
        day = datetime.fromtimestamp(t, timezone.utc).weekday()
        cycle = 0.55 + 0.45 * math.cos((hour - 22.0) / 24.0 * 2 * math.pi)
        return per_minute * cycle * (0.6 if day >= 5 else 1.0)

    def error_ratio(self, w, m):
        if self.burst[0] <= m:
            return {API: 0.30, WEB: 0.12}[w]
        missing = self.down(w, "silver", m)
        if missing:
            return 0.6 if missing >= SELECTED[w] else 0.05
        if w == WEB and self.down(API, "silver", m) >= SELECTED[API]:
            return 0.5  # web fails what needs the api
        if self.down(MONGO, "silver", m) >= 2:
            return 0.4
        return 0.001

    def traffic(self):
        rng = self.rng
        # api: buckets of a lognormal (median 120 ms, sigma 0.7), x3 while degraded, x12 in the spike
        bounds = [float(x) for x in LES[:-1]]
        api_inc, web_inc = [], []
        for m in range(self.n):
            router = self.router[0] <= m < self.router[1]
            lam = self.rate(m, 500) * (0.02 if router else 1.0)
            median = 0.12
            if self.down(API, "silver", m) or self.down(MONGO, "silver", m):
                median *= 3
            if self.spike[0] <= m < self.spike[1]:
                median *= 12
            cdf = [lognormal_cdf(b, median, 0.7) for b in bounds] + [1.0]
            per_bucket = [poisson(rng, lam * (cdf[i] - (cdf[i - 1] if i else 0.0))) for i in range(len(cdf))]
            total = sum(per_bucket)
            bad = min(total, poisson(rng, total * self.error_ratio(API, m)))
            dur_sum = sum(c * (median * math.exp(0.245)) for c in per_bucket) * rng.uniform(0.97, 1.03)
            api_inc.append((per_bucket, total - bad, bad, dur_sum))
            wl = self.rate(m, 900) * (0.02 if router else 1.0)
            w_all = poisson(rng, wl)
            w_bad = min(w_all, poisson(rng, w_all * self.error_ratio(WEB, m)))
            web_inc.append((w_all - w_bad, w_bad))
        self.api_inc, self.web_inc = api_inc, web_inc

        def cumulative(incs, start, reset):
            out, v = [], start
            for m, inc in enumerate(incs):
                v = (0 if m == reset else v) + inc if m else start
                out.append(v)
            return out

        ts = [self.t0 + m * STEP for m in range(self.n)]
        api = dict(SILVER, kube_workload_name=API)
        web = dict(SILVER, kube_workload_name=WEB)
        # the api's counters start where earlier traffic left them
        starts = [int(812_233 * lognormal_cdf(float(le), 0.12, 0.7)) for le in LES[:-1]] + [812_233]
        for i, le in enumerate(LES):
            below = [sum(x[0][:i + 1]) for x in api_inc]
            vals = cumulative(below, starts[i], self.api_reset)
            self.add("http_request_duration_seconds_bucket", dict(api, le=le), [(t, str(v)) for t, v in zip(ts, vals)])
            if le == "+Inf":
                self.add("http_request_duration_seconds_count", api, [(t, str(v)) for t, v in zip(ts, vals)])
        sums = cumulative([x[3] for x in api_inc], 97_310.5, self.api_reset)
        self.add("http_request_duration_seconds_sum", api, [(t, "%.3f" % v) for t, v in zip(ts, sums)])
        self.add("http_requests_total", dict(api, code="2xx"),
                 [(t, str(v)) for t, v in zip(ts, cumulative([x[1] for x in api_inc], 1_204_118, self.api_reset))])
        self.add("http_requests_total", dict(api, code="5xx"),
                 [(t, str(v)) for t, v in zip(ts, cumulative([x[2] for x in api_inc], 911, self.api_reset))])
        self.add("http_requests_total", dict(web, code="2xx"),
                 [(t, str(v)) for t, v in zip(ts, cumulative([x[0] for x in web_inc], 352_907, self.web_reset))])
        self.add("http_requests_total", dict(web, code="5xx"),
                 [(t, str(v)) for t, v in zip(ts, cumulative([x[1] for x in web_inc], 14, self.web_reset))])

    # ---------------------------------------------------------------- Sysdig request time (ns)
    def sysdig(self):
        rng = self.rng
        for w, cluster, median in ((API, "silver", 0.095), (WEB, "silver", 0.06), (MONGO, "silver", 0.018),
                                   (CANARY, "silver", 2.2), (API, "gold", 3.0)):
            labels = dict(SILVER if cluster == "silver" else GOLD, kube_workload_name=w)
            pts = []
            for m in range(self.n):
                if w == MONGO and self.mongo_gap[0] <= m < self.mongo_gap[1]:
                    continue
                seconds = median * math.exp(0.25 * rng.gauss(0, 1))
                if self.down(w, cluster, m):
                    seconds *= 3
                if w == API and cluster == "silver" and self.spike[0] <= m < self.spike[1]:
                    seconds *= 12
                if w == WEB and m == self.web_sysdig_spike:
                    seconds = 2.4
                pts.append((self.t0 + m * STEP, str(int(round(seconds * 1e6)) * 1000)))  # whole microseconds, in ns
            self.add("sysdig_container_net_http_request_time", labels, pts)

    # ---------------------------------------------------------------- black-box probe
    def probe(self):
        rng = self.rng
        pts, decoy = [], []
        decoy_down = [(rng.randrange(0, self.n - 90), rng.randint(5, 90)) for _ in range(4)]
        for m in range(self.n):
            t = self.t0 + m * STEP
            st = {w: self.ready_state[(w, "silver")][m] for w in SELECTED}
            fails = (st[API][1] == 0 or st[WEB][1] == 0 or st[MONGO][1] < 2
                     or self.router[0] <= m < self.router[1]
                     or (self.burst[0] <= m and rng.random() < 0.3))
            pts.append((t, "0" if fails else "1"))
            decoy.append((t, "0" if any(a <= m < a + d for a, d in decoy_down) else "1"))
        labels = {"job": "uptime-com", "instance": "https://registry.developer.gov.bc.ca/"}
        self.add("probe_success", dict(labels, check=CHECK), pts)
        self.add("probe_success", {"job": "uptime-com", "instance": "https://status.developer.gov.bc.ca/", "check": DECOY_CHECK},
                 decoy)
        for a, d in decoy_down:
            self.event("decoyProbeDown", a, a + d, check=DECOY_CHECK, selected=False)

    # ---------------------------------------------------------------- provision requests
    def provisioning(self):
        rng = self.rng
        starts = []
        t = self.t0 + 3600
        while True:
            # about 15 a day on weekdays, in office hours (08-17 Pacific = 16-01 UTC), 3 a day on weekends
            t += rng.expovariate(1.0 / 900.0)
            if t >= self.end - 3 * 3600:
                break
            hour = (t % 86400) / 3600.0
            weekday = datetime.fromtimestamp(t, timezone.utc).weekday() < 5
            office = hour >= 16 or hour < 1
            if rng.random() < (0.75 if office and weekday else 0.1 if office else 0.02):
                starts.append(round(t, 3))
        stuck = [self.end - 150 * 60 + 17.25, self.end - 20 * 3600 + 412.5, self.end - 2 * 86400 - 811.125,
                 self.end - 4 * 86400 + 3021.0]
        requests = []
        for s in starts:
            took = min(30 * 3600.0, 60 * math.exp(math.log(18) + 0.9 * rng.gauss(0, 1)))
            m = int((s - self.t0) // STEP)
            # the provisioner needs the api and the database: a request started in an outage waits for its end
            for w, c, a, b, x in self.outages:
                if c == "silver" and w in (API, MONGO) and a <= m < b:
                    took += (b - m) * STEP + 600
            requests.append((s, round(s + took, 3)))
        for s in stuck:
            requests.append((round(s, 3), None))
        requests.sort()
        self.requests = []
        for i, (s, f) in enumerate(requests):
            rid = "req-%04d" % (i + 1)
            if f is not None and f > self.end:
                f = None  # finishes after the data ends: open in this export
            first = math.ceil((s - self.t0) / STEP)
            last = self.n - 1 if f is None else min(self.n - 1, math.ceil((f - self.t0) / STEP) + 60)
            labels = dict(SILVER, kube_workload_name=API, request_id=rid)
            started, finished = [], []
            for m in range(first, last + 1):
                ts = self.t0 + m * STEP
                started.append((ts, "%.3f" % s))
                finished.append((ts, "%.3f" % f if f is not None and ts >= f else "0"))
            self.add("provision_request_started_timestamp_seconds", labels, started)
            self.add("provision_request_finished_timestamp_seconds", labels, finished)
            self.requests.append((rid, s, f))
        for rid, s, f in self.requests:
            if f is None:
                m = int((s - self.t0) // STEP)
                self.event("provisionStuck", m, self.n - 1, request_id=rid, started=iso(int(s)),
                           note="never finishes in the export")

    def write(self, out, meta):
        self.plan()
        self.readiness()
        self.traffic()
        self.sysdig()
        self.probe()
        self.provisioning()
        self.series.sort(key=lambda s: (s[0]["__name__"], sorted(s[0].items())))
        self.events.sort(key=lambda e: (e["fromMinute"], e["kind"]))
        parts = ['{"status":"success","data":{"resultType":"matrix","result":[']
        for i, (metric, pts) in enumerate(self.series):
            parts.append(("," if i else "") + '{"metric":' + json.dumps(metric, separators=(",", ":"))
                         + ',"values":[' + ",".join('[%d,"%s"]' % p for p in pts) + "]}")
        parts.append("]}}\n")
        text = "".join(parts).encode("utf-8")
        with open(out, "wb") as raw:
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as z:
                z.write(text)
        finished = [r for r in self.requests if r[2] is not None]
        doc = {
            "generator": "examples/generate-registry-3w.py",
            "seed": self.seed, "days": self.days, "start": iso(self.t0), "end": iso(self.end),
            "stepSeconds": STEP, "samplesPerFullSeries": self.n,
            "series": len(self.series), "samples": sum(len(p) for _, p in self.series),
            "uncompressedBytes": len(text),
            "parameters": {
                "workloads": {"silver selected": SELECTED, "decoys": [CANARY + " (silver)", API + " (gold)"]},
                "requestsPerMinute": {"api": "500 x daily cycle (0.1..1.0, peak 22:00 UTC) x 0.6 on weekends",
                                      "web": "900 x the same cycle"},
                "errorRatio": "0.1 %; 5 % in a partial outage of the workload, 60 % when none is ready, "
                              "web 50 % while the api has none, 40 % while mongodb has under 2; see errorBurst",
                "apiLatency": "lognormal, median 120 ms, sigma 0.7; x3 while api or mongodb is degraded; latencySpike x12",
                "sysdigMedianSeconds": {API: 0.095, WEB: 0.06, MONGO: 0.018, CANARY: 2.2, API + " (gold)": 3.0},
                "sysdigNoise": "lognormal sigma 0.25, x3 in an outage, rounded to whole microseconds",
                "probe": "1 a minute; fails while api or web has no ready replica, mongodb has under 2, in "
                         "probeOnlyOutage, and 30 % of checks in errorBurst",
                "provisioning": "Poisson arrivals in office hours; duration lognormal, median 18 min, sigma 0.9, "
                                "plus the rest of an api/mongodb outage it started in and 10 min",
                "provisionRequests": len(self.requests), "provisionFinished": len(finished),
            },
            "events": self.events,
        }
        with open(meta, "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")


# -------------------------------------------------------------------- verify
def verify(path, replay_json):
    """Recounts from the export what sli replay should report, by brute force over the samples."""
    with gzip.open(path, "rt") as f:
        result = json.load(f)["data"]["result"]

    def pick(name, **labels):
        return [(r["metric"], [(int(t), float(v)) for t, v in r["values"]]) for r in result
                if r["metric"]["__name__"] == name and all(r["metric"].get(k) == v for k, v in labels.items())]

    last = max(int(r["values"][-1][0]) for r in result)
    at = last + STEP  # sli evaluates at the end of the bucket holding the last sample
    lo = at - 21 * 86400  # the rolling 3 weeks: [lo, at)

    def increases(series, since=lo):
        """Sum of increases between consecutive samples recorded at the later one's time in [since, at)."""
        total = 0
        for _, pts in series:
            for (t0, a), (t1, b) in zip(pts, pts[1:]):
                if since <= t1 < at:
                    total += b if b < a else b - a
        return int(total)

    fig = {}
    fig["requests"] = increases(pick("http_requests_total"))
    fig["requests5xx"] = increases(pick("http_requests_total", code="5xx"))
    fig["histogramRequests"] = increases(pick("http_request_duration_seconds_bucket", le="+Inf"))
    fig["histogramWithin2s"] = increases(pick("http_request_duration_seconds_bucket", le="2"))
    fig["histogramWithin5s"] = increases(pick("http_request_duration_seconds_bucket", le="5"))
    for w, label in ((3600, "1h"), (300, "5m")):
        bad = increases(pick("http_requests_total", code="5xx"), at - w)
        allr = increases(pick("http_requests_total"), at - w)
        fig["requests" + label] = allr
        fig["requests5xx" + label] = bad
        fig["burn" + label] = round(bad / allr / 0.01, 6)

    # pod readiness, minute by minute (every sample is on the minute grid): a sample holds until the next
    # or for the 5-minute lookback; a minute is unknown unless all three workloads have a sample holding,
    # down when any has fewer ready than desired
    state = {}
    for role in ("desired", "ready"):
        for metric, pts in pick("kube_workload_status_" + role, **SILVER):
            w = metric["kube_workload_name"]
            if w in SELECTED:
                state.setdefault(w, {}).setdefault(role, dict(pts))
    up = down = unknown = 0
    for t in range(lo, at, STEP):
        ok, known = True, True
        for w in SELECTED:
            d = r = None
            for back in range(0, 300, STEP):  # a sample at t-back holds over [t-back, t-back+5m)
                if t - back in state[w]["desired"]:
                    d, r = state[w]["desired"][t - back], state[w]["ready"][t - back]
                    break
            if d is None:
                known = False
            elif r < d:
                ok = False
        if not known:
            unknown += 1
        elif ok:
            up += 1
        else:
            down += 1
    fig.update(readinessUpMinutes=up, readinessDownMinutes=down, readinessUnknownMinutes=unknown)

    probe = [v for t, v in pick("probe_success", check=CHECK)[0][1] if lo <= t < at]
    fig.update(probeUpMinutes=probe.count(1.0), probeDownMinutes=probe.count(0.0))

    starts = {m["request_id"]: p[-1][1] for m, p in pick("provision_request_started_timestamp_seconds")}
    ends = {m["request_id"]: max(v for _, v in p) for m, p in pick("provision_request_finished_timestamp_seconds")}
    within = over = 0
    open_past = []  # (id, age in ms at the evaluation), oldest first
    for rid, s in starts.items():
        f = ends.get(rid, 0)
        if f > 0:
            if lo <= f < at:
                within += f - s <= 3600
                over += f - s > 3600
        elif at - s > 3600:
            open_past.append((rid, at * 1000 - int(round(s * 1000))))
    open_past.sort(key=lambda x: -x[1])
    fig.update(provisionWithin1h=within, provisionOver1h=over, provisionOpenPast1h=open_past)
    # the Sysdig gauge: one observation a sample, only the three selected workloads of silver
    fig["sysdigSamples"] = sum(len(p) for m, p in pick("sysdig_container_net_http_request_time", **SILVER)
                               if m["kube_workload_name"] in SELECTED)

    for k, v in fig.items():
        print("%-24s %s" % (k, v))
    print("error ratio over 3w       %.6f %%" % (100.0 * fig["requests5xx"] / fig["requests"]))
    print("pod readiness (time)      %.6f %%" % (100.0 * up / (up + down)))
    print("requests within 2 s       %.6f %%" % (100.0 * fig["histogramWithin2s"] / fig["histogramRequests"]))
    if replay_json:
        return compare(fig, replay_json)
    return 0


def compare(fig, replay_json):
    with open(replay_json) as f:
        root = json.load(f)
    objectives = {o["name"]: o for o in root["objectives"]}

    def m(name):
        return objectives[name]["measurement"]

    pairs = [
        ("requests - requests5xx", fig["requests"] - fig["requests5xx"], m("success-rate-sla")["good"]),
        ("requests5xx", fig["requests5xx"], m("success-rate-sla")["bad"]),
        ("histogramWithin2s", fig["histogramWithin2s"], m("response-time-sla")["good"]),
        ("histogramRequests - within 2s", fig["histogramRequests"] - fig["histogramWithin2s"], m("response-time-sla")["bad"]),
        ("histogramWithin5s", fig["histogramWithin5s"], m("response-time-slo")["good"]),
        ("probeUpMinutes", fig["probeUpMinutes"], m("uptime-slo")["good"]),
        ("probeDownMinutes", fig["probeDownMinutes"], m("uptime-slo")["bad"]),
        ("provisionWithin1h", fig["provisionWithin1h"], m("provision-slo")["good"]),
        ("provisionOver1h", fig["provisionOver1h"], m("provision-slo")["bad"]),
    ]
    tiers = {t["longWindow"]: t for t in objectives["error-rate-slo"]["alerts"]["tiers"]}
    pairs += [
        ("readinessUpMinutes", fig["readinessUpMinutes"], m("pod-uptime-slo")["good"]),
        ("readinessDownMinutes", fig["readinessDownMinutes"], m("pod-uptime-slo")["bad"]),
        ("readinessUnknownMinutes", fig["readinessUnknownMinutes"], m("pod-uptime-slo")["unknown"]),
        ("burn1h (error-rate-slo)", fig["burn1h"], round(tiers["1h"]["longBurn"], 6)),
        ("burn5m (error-rate-slo)", fig["burn5m"], round(tiers["1h"]["shortBurn"], 6)),
        ("provisionOpenPast1h", fig["provisionOpenPast1h"],
         [(o["id"], o["ageMillis"]) for o in objectives["provision-slo"].get("openTooLong", [])]),
        ("sysdigSamples", fig["sysdigSamples"], {f["sli"]: f for f in root["fed"]}["response-time-sysdig"]["recorded"]),
    ]
    unfed = [f["sli"] for f in root["fed"] if f["recorded"] == 0 or f["problems"]]
    pairs.append(("SLIs unfed or with problems", [], unfed))
    failed = 0
    for name, mine, theirs in pairs:
        same = mine == theirs if isinstance(mine, list) else float(mine) == float(theirs)
        failed += not same
        print("%-30s verify %-14s replay %-14s %s" % (name, mine, theirs, "ok" if same else "DIFFERENT"))
    return 1 if failed else 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--seed", type=int, default=20240101)
    p.add_argument("--days", type=int, default=21)
    p.add_argument("--start", default="2024-01-01T00:00:00Z")
    p.add_argument("--out", default=os.path.join(HERE, "registry-3w.json.gz"))
    p.add_argument("--meta", default=os.path.join(HERE, "registry-3w.meta.json"))
    p.add_argument("--verify", action="store_true")
    p.add_argument("--replay-json")
    a = p.parse_args()
    if a.verify:
        try:
            sys.exit(verify(a.out, a.replay_json))
        except OSError as e:  # a missing file, or stdout closed early (| head)
            if not isinstance(e, BrokenPipeError):
                sys.exit("generate-registry-3w.py: %s: %s" % (e.filename or "output", e.strerror or e))
            sys.exit(1)
        except (ValueError, KeyError) as e:
            sys.exit("generate-registry-3w.py: not an export or replay JSON this script reads: %.200r" % (e,))
    start = int(datetime.strptime(a.start, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp())
    if a.days < 18:
        p.error("--days must be at least 18: the injected events need the room")
    Gen(a.seed, a.days, start).write(a.out, a.meta)


if __name__ == "__main__":
    main()
