#!/usr/bin/env python3
"""Generates a conformance data set in the layout of /work/shared/conformance (series.json,
series.csv.gz, queries.json, expected.json, dataset-meta.json) for another seed, span or sample
interval, so ConformanceTest can run on data it was not developed against:

    generate.py OUTDIR --seed 21 --span 3d --resolution 30
    mvn -pl sli-store -am test -Dtest=ConformanceTest -Dsli.conformance.dir=PARENT_OF_OUTDIR

expected.json holds the values of ref.py's reading of Prometheus 2.42 (ref.py is imported from
--ref, default /work/shared/conformance), not promtool's: ref.py reproduces promtool's numbers on the
shipped sets, which is what makes it a usable oracle here. The data follow the README's description
(workloads, decoys, outages, a scale event, a kube-state-metrics gap, a Sysdig spike and gap, counter
resets, an error burst), drawn from the seed.
"""
import argparse
import gzip
import json
import math
import os
import random
import sys

BASE = 1704067200
SEL = ("kube_cluster_name='silver', kube_namespace_name='101ed4-prod',"
       "kube_workload_name =~ 'platsrv-registry-api|platsrv-registry-web|pltsvc-mongodb'")
LES = ["0.05", "0.1", "0.25", "0.5", "1", "2", "5", "+Inf"]


def dur_s(text):
    return int(text[:-1]) * {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}[text[-1]]


def generate(seed, span_s, res):
    rnd = random.Random(seed)
    times = list(range(0, span_s + 1, res))
    series = {}  # (name, labels tuple) -> {t: v}

    def put(name, labels, t, v):
        series.setdefault((name, tuple(sorted(labels.items()))), {})[t] = v

    workloads = [("platsrv-registry-api", "silver", "deployment", 3, True),
                 ("platsrv-registry-web", "silver", "deployment", 2, True),
                 ("pltsvc-mongodb", "silver", "statefulset", 3, True),
                 ("platsrv-registry-api-canary", "silver", "deployment", 3, False),
                 ("platsrv-registry-api", "gold", "deployment", 3, False)]
    outages = {}
    for w in workloads:
        n = rnd.randint(0 if w[0] == "pltsvc-mongodb" else 1, max(1, span_s // 86400 + 1))
        lst = []
        for _ in range(n):
            start = rnd.randrange(0, span_s - 3600) // res * res
            length = rnd.randint(2, 45) * 60
            missing = w[3] if rnd.random() < 0.25 else 1
            lst.append((start, start + length, missing))
        outages[(w[0], w[1])] = lst
    gap_from = rnd.randrange(3600, span_s - 3600) // 60 * 60
    gap_to = gap_from + 8 * 60
    scale_from = rnd.randrange(3600, span_s // 2) // 60 * 60
    scale_to = scale_from + rnd.randint(2, 4) * 3600
    for name, cluster, wtype, desired, _ in workloads:
        labels = {"kube_cluster_name": cluster, "kube_namespace_name": "101ed4-prod",
                  "kube_workload_name": name, "kube_workload_type": wtype}
        for t in times:
            if gap_from <= t < gap_to:
                continue
            d = desired
            r = desired
            if name == "platsrv-registry-web" and cluster == "silver":
                if scale_from <= t < scale_to:
                    d = 3
                    r = 2 if t < scale_from + 3 * res else 3
                elif scale_to <= t < scale_to + res:
                    r = 3  # ready exceeds desired for one sample after the scale-down
            for a, b, m in outages[(name, cluster)]:
                if a <= t < b:
                    r = max(0, d - m)
            put("kube_workload_status_desired", labels, t, float(d))
            put("kube_workload_status_ready", labels, t, float(r))
    lat_gap = rnd.randrange(3600, span_s - 3600) // res * res
    spike = rnd.randrange(3600, span_s - 3600) // res * res
    for name, cluster, wtype, _, _ in workloads:
        labels = {"kube_cluster_name": cluster, "kube_namespace_name": "101ed4-prod",
                  "kube_workload_name": name, "kube_workload_type": wtype}
        for t in times:
            if name == "pltsvc-mongodb" and lat_gap <= t < lat_gap + 7 * 60:
                continue
            v = 0.25 * math.exp(rnd.gauss(0, 0.25))
            if any(a <= t < b for a, b, _ in outages[(name, cluster)]):
                v *= 3
            if name == "platsrv-registry-web" and cluster == "silver" and t == spike:
                v = 2.4
            put("sysdig_container_net_http_request_time", labels, t, round(v * 1e9))
    resets = [span_s // 2, span_s - 19 * 3600] if span_s > 19 * 3600 * 2 else [span_s // 2]
    burst_from = span_s - 20 * 60
    for name in ("platsrv-registry-api", "platsrv-registry-web"):
        is_api = name == "platsrv-registry-api"
        ok = float(rnd.randint(10000, 90000)) if is_api else 0.0
        bad = float(rnd.randint(10, 90)) if is_api else 0.0
        buckets = [float(rnd.randint(1000, 5000)) if is_api else 0.0 for _ in LES]
        buckets = [sum(buckets[:i + 1]) for i in range(len(LES))]
        for t in times:
            if is_api and t in resets:
                ok, bad, buckets = 0.0, 0.0, [0.0] * len(LES)
            if t > 0:
                rate = 50 * (1.5 + math.sin(2 * math.pi * t / 86400)) * res / 60
                reqs = rnd.randint(int(rate * 0.8), int(rate * 1.2))
                down = any(a <= t < b for a, b, _ in outages[(name, "silver")])
                p = 0.05 if (is_api and (down or t >= burst_from)) else 0.001
                errs = sum(1 for _ in range(reqs) if rnd.random() < p)
                ok += reqs - errs
                bad += errs
                if is_api:
                    slow = 4.0 if t >= burst_from else 1.0
                    for _ in range(reqs):
                        x = 0.2 * slow * math.exp(rnd.gauss(0, 0.8))
                        for i, le in enumerate(LES):
                            if le == "+Inf" or x <= float(le):
                                buckets[i] += 1
            base = {"kube_workload_name": name}
            put("http_requests_total", dict(base, code="2xx"), t, ok)
            put("http_requests_total", dict(base, code="5xx"), t, bad)
            if is_api:
                for i, le in enumerate(LES):
                    put("http_request_duration_seconds_bucket", dict(base, le=le), t, buckets[i])
                put("http_request_duration_seconds_count", base, t, buckets[-1])
    return series, {"outages": {"%s/%s" % k: v for k, v in outages.items()}, "ksm_gap_s": [gap_from, gap_to],
                    "scale_s": [scale_from, scale_to], "sysdig_gap_s": lat_gap, "spike_s": spike,
                    "counter_resets_s": resets, "error_burst_from_s": burst_from}


def fmt(v):
    return repr(int(v)) if v == int(v) else repr(v)


def expected_values(ref, series_json, span_s, res, window):
    """ref.py's main(), minus its comparison: every id's value at the last sample."""
    base = BASE
    T = span_s * 1000
    step = 60000
    series = [ref.Series(r["metric"], r["values"], base) for r in series_json["data"]["result"]]
    wanted = {"platsrv-registry-api", "platsrv-registry-web", "pltsvc-mongodb"}

    def sel(name):
        return [s for s in series if s.name == name and s.labels["kube_cluster_name"] == "silver"
                and s.labels["kube_namespace_name"] == "101ed4-prod" and s.labels["kube_workload_name"] in wanted]

    def pairs():
        d = {ref.key(s.labels): s for s in sel("kube_workload_status_desired")}
        r = {ref.key(s.labels): s for s in sel("kube_workload_status_ready")}
        return [(k, d[k], r[k]) for k in sorted(d) if k in r]

    W = ref.dur_ms(window)
    steps = ref.subquery_steps(T, W, step)
    mine = {}
    vals = {}
    for k, d, r in pairs():
        xs = [d.at(t) - r.at(t) for t in steps if d.at(t) is not None and r.at(t) is not None and d.at(t) - r.at(t) > 0]
        if xs:
            vals[k] = xs
    mine["availability_dashboard_inner_avg"] = {k: sum(x) / len(x) for k, x in vals.items()}
    mine["availability_dashboard_inner_count"] = {k: float(len(x)) for k, x in vals.items()}
    mine["availability_dashboard"] = {(): 100 - sum(sum(x) / len(x) for x in vals.values())} if vals else {}
    mx, rawmx = {}, {}
    for s in sel("sysdig_container_net_http_request_time"):
        xs = [v for v in (s.at(t) for t in steps) if v is not None]
        if xs:
            mx[ref.key(s.labels)] = max(xs) / 1e9
        pts = s.range(T, W)
        if pts:
            rawmx[ref.key(s.labels)] = max(v for _, v in pts)
    mine["latency_dashboard_inner_max"] = mx
    mine["latency_dashboard_inner_max_raw"] = rawmx
    kept = [v for v in mx.values() if v < 2]
    mine["latency_dashboard"] = {(): 100 - sum(kept) / len(kept)} if kept else {}
    allv, allm, each = [], [], {}
    for t in steps:
        oks = []
        for k, d, r in pairs():
            dv, rv = d.at(t), r.at(t)
            if dv is not None and rv is not None:
                ok = 1.0 if rv >= dv else 0.0
                oks.append(ok)
                each.setdefault(k, []).append(ok)
        if oks:
            allv.append(min(oks))
        allm.append(min(oks) if oks else 0.0)
    mine["time_availability_all"] = {(): sum(allv) / len(allv)}
    mine["time_availability_all_steps"] = {(): float(len(allv))}
    mine["time_availability_all_bad_steps"] = {(): float(len(allv) - sum(allv))}
    mine["time_availability_all_missing_as_bad"] = {(): sum(allm) / len(allm)}
    mine["time_availability_per_workload"] = {k: sum(x) / len(x) for k, x in each.items()}
    mine["time_availability_per_workload_steps"] = {k: float(len(x)) for k, x in each.items()}
    req = [s for s in series if s.name == "http_requests_total"]
    bkt = [s for s in series if s.name == "http_request_duration_seconds_bucket"]
    for w in ("5m", "450s", "30m", "1h", "6h", "1d", "3d"):
        rng = ref.dur_ms(w)
        inc = {ref.key(s.labels): ref.increase(s.range(T, rng), T, rng) for s in req}
        inc = {k: v for k, v in inc.items() if v is not None}
        e5 = sum(v for k, v in inc.items() if dict(k)["code"] == "5xx")
        ea = sum(inc.values())
        mine["increase_per_series_" + w] = inc
        mine["increase_5xx_" + w] = {(): e5}
        mine["increase_all_" + w] = {(): ea}
        mine["ratio_" + w] = {(): e5 / ea if ea else math.nan}
        mine["burn_" + w] = {(): (e5 / ea if ea else math.nan) / (1 - 0.99)}
        by_le = {}
        for s in bkt:
            v = ref.increase(s.range(T, rng), T, rng)
            if v is not None:
                by_le[s.labels["le"]] = by_le.get(s.labels["le"], 0.0) + v
        mine["hist_buckets_" + w] = {(("le", le),): v for le, v in by_le.items()}
        bl = [(float(le), v) for le, v in by_le.items()]
        for qq, name in ((0.5, "p50"), (0.95, "p95"), (0.99, "p99")):
            mine["hist_%s_%s" % (name, w)] = {(): ref.bucket_quantile(qq, bl)}
        mine["hist_under_2s_" + w] = {(): by_le["2"] / by_le["+Inf"] if by_le["+Inf"] else math.nan}
    return mine


def number(v):
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "+Inf" if v > 0 else "-Inf"
    return v


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--span", default="3d")
    ap.add_argument("--resolution", type=int, default=60, help="seconds between samples")
    ap.add_argument("--ref", default="/work/shared/conformance")
    a = ap.parse_args()
    sys.path.insert(0, a.ref)
    import ref  # noqa: E402
    span_s = dur_s(a.span)
    window = a.span if span_s <= 21 * 86400 else "3w"
    series, events = generate(a.seed, span_s, a.resolution)
    os.makedirs(a.outdir, exist_ok=True)
    result = []
    for (name, labels), pts in sorted(series.items()):
        metric = dict([("__name__", name)] + list(labels))
        result.append({"metric": metric, "values": [[BASE + t, fmt(v)] for t, v in sorted(pts.items())]})
    sj = {"status": "success", "data": {"resultType": "matrix", "result": result}}
    with open(os.path.join(a.outdir, "series.json"), "w") as f:
        json.dump(sj, f, separators=(",", ":"))
    with gzip.open(os.path.join(a.outdir, "series.csv.gz"), "wt") as f:
        f.write("timestamp,metric,labels,value\n")
        for (name, labels), pts in sorted(series.items()):
            ls = ";".join("%s=%s" % kv for kv in labels)
            for t, v in sorted(pts.items()):
                f.write("%d,%s,%s,%s\n" % (BASE + t, name, ls, fmt(v)))
    mine = expected_values(ref, sj, span_s, a.resolution, window)
    queries = []
    for qid, res in mine.items():
        w = window if qid.split("_")[0] in ("availability", "latency", "time") else qid.rsplit("_", 1)[1]
        rs = [{"labels": dict(k), "value": number(v)} for k, v in sorted(res.items())]
        single = rs[0]["value"] if len(rs) == 1 and not rs[0]["labels"] else None
        queries.append({"id": qid, "window": w, "result": rs, "value": single, "source": "ref.py (generated data)"})
    gen = {"seed": a.seed, "span": a.span, "span_s": span_s, "resolution_s": a.resolution,
           "evaluation_interval_s": 60, "base_unix": BASE}
    with open(os.path.join(a.outdir, "expected.json"), "w") as f:
        json.dump({"generator": gen, "eval_time_unix": BASE + span_s, "queries": queries}, f, indent=1)
    with open(os.path.join(a.outdir, "queries.json"), "w") as f:
        json.dump({"queries": [{"id": q["id"], "window": q["window"]} for q in queries]}, f, indent=1)
    with open(os.path.join(a.outdir, "dataset-meta.json"), "w") as f:
        json.dump(dict(gen, eval_time_unix=BASE + span_s, events=events), f, indent=1)
    print("%s: %d series, %d queries" % (a.outdir, len(series), len(queries)))


if __name__ == "__main__":
    main()
