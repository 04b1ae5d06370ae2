"""Per-phase figures for bench/operations.sh, printed as tab-separated fields for the shell to place in its table.

  writer T0_NS T1_NS FILE…   the writes that overlapped [T0, T1]: "p50 / p99 / max ms (n=N)", then the p99 in ms, the
                             errors that happened in [T0, T1) and how many of those were "the column is gone"
                             (PostgreSQL 42703, SQLite "no such column" / "has no column named": an old-shape write after the columns were
                             dropped). FILEs are pgbench -l logs, pgbench's stderr (*.err: the writer's DO blocks catch
                             every error and RAISE WARNING 'bench-error <epoch> <sqlstate> <message>'), or the python
                             writer's logs (*.writer: "scheduled_us end_us error").
  locks T0_NS T1_NS FILE     the longest hold, begun in [T0, T1), of a lock on users that blocks writers, from the
                             sampler's rows "epoch|pid|vxid|mode|granted" (an empty pid: a sample that saw none):
                             "<mode> ≤ N ms" with the longest wait for one (a waiting lock blocks the writers queued behind it), then the
                             longest hold and the longest wait in ms, and the sampling interval seen.
Latency counts from each write's scheduled start (pgbench -R logs it so), so time queued behind a lock counts.

With STALLS=<file of io_pressure.py samples> in the environment, `writer` adds two fields: the p99 over the writes that
did not overlap a machine-wide I/O stall (a sample interval in which the kernel counted every task stalled on I/O for
at least half of it), and how many writes did.
"""
import os
import sys

GONE = ("42703", "no_such_column", "has_no_column_named")   # SQLite: an UPDATE, an INSERT naming a dropped column


def writer(t0, t1, files):
    lat, spans, errors, gone, last = [], [], 0, 0, 0
    for name in files:
        for line in open(name, errors="replace"):
            f = line.split()
            if name.endswith(".err"):
                # WARNING:  bench-error <epoch> <sqlstate> <message>
                if len(f) >= 4 and f[1] == "bench-error":
                    at = float(f[2]) * 1e6
                    if t0 <= at < t1:
                        errors += 1
                        gone += f[3] in GONE
                continue
            if name.endswith(".writer"):
                if len(f) != 3 or not (f[0].isdigit() and f[1].isdigit()):
                    continue
                start, end = int(f[0]), int(f[1])
                if f[2] != "-" and t0 <= end < t1:
                    errors += 1
                    gone += any(g in f[2] for g in GONE)
            else:
                # pgbench -R -l: client tx latency_us script epoch_s us lag_us (a last line cut short when stopped is skipped)
                if len(f) != 7 or not all(x.isdigit() for x in f):
                    continue
                end = int(f[4]) * 1000000 + int(f[5])
                start = end - int(f[2])
            last = max(last, end)
            if start <= t1 and end >= t0:
                lat.append((end - start) / 1000)
                spans.append(((end - start) / 1000, start, end))
    if last < t1:
        sys.exit(f"bench: the writer's log stops before the end of the window: {' '.join(files)}")
    if not lat:
        # A phase shorter than the gap between two writes (a complete of a few ms): the writer lived through it, none overlapped it.
        print(f"no write overlapped it (n=0)\t0.0\t{errors}\t{gone}" + ("\t0.0\t0" if io_stalls(os.environ.get("STALLS")) is not None else ""))
        return
    stalls = io_stalls(os.environ.get("STALLS"))
    calm = [ms for ms, s, e in spans if not any(a <= e and s <= b for a, b in stalls)]
    lat.sort()
    calm.sort()
    pick = lambda values, q: values[min(len(values) - 1, max(0, -(-len(values) * q // 100) - 1))] if values else 0.0
    extra = f"\t{pick(calm, 99):.1f}\t{len(lat) - len(calm)}" if stalls is not None else ""
    print(f"{pick(lat, 50):.1f} / {pick(lat, 99):.1f} / {lat[-1]:.1f} ms (n={len(lat)})\t{pick(lat, 99):.1f}\t{errors}\t{gone}{extra}")


def io_stalls(name):
    """The [start, end] µs intervals of machine-wide I/O stalls in an io_pressure.py file; None without one."""
    if not name or not os.path.exists(name):
        return None
    samples = []
    for line in open(name):
        f = line.split()
        if len(f) == 2 and f[0].isdigit() and f[1].isdigit():
            samples.append((int(f[0]) // 1000, int(f[1])))
    return [(a, b) for (a, fa), (b, fb) in zip(samples, samples[1:]) if b > a and (fb - fa) * 2 >= b - a]


def locks(t0, t1, name):
    beats, holds = [], {}   # holds: (pid, vxid, mode, granted) -> [first, last]
    for line in open(name):
        f = line.rstrip("\n").split("|")
        if len(f) != 5:
            continue
        at = float(f[0]) * 1e6
        if not f[1]:
            beats.append(at)
            continue
        span = holds.setdefault((f[1], f[2], f[3], f[4] == "t"), [at, at])
        span[1] = max(span[1], at)
    beats.sort()
    import bisect
    def bound(first, last):
        # At most from the sample before it was first seen to the sample after it was last seen.
        i = bisect.bisect_left(beats, first) - 1
        j = bisect.bisect_right(beats, last)
        lo = beats[i] if i >= 0 else first
        hi = beats[j] if j < len(beats) else last
        return (hi - lo) / 1000
    best = {True: (0, None), False: (0, None)}
    for (pid, vxid, mode, granted), (first, last) in holds.items():
        if t0 <= first < t1:
            ms = bound(first, last)
            if ms > best[granted][0]:
                best[granted] = (ms, mode)
    gaps = [b - a for a, b in zip(beats, beats[1:]) if t0 <= a < t1]
    step = f"sampled every {sorted(gaps)[len(gaps) // 2] / 1000:.0f} ms" if gaps else "no samples"
    held, waited = best[True], best[False]
    cell = f"{held[1]} ≤ {held[0]:.0f} ms" if held[1] else "none in any sample"
    if waited[1]:
        cell += f"; a {waited[1]} waited ≤ {waited[0]:.0f} ms"
    print(f"{cell}\t{held[0]:.0f}\t{waited[0]:.0f}\t{step}")


def stall_summary(t0, t1):
    """`stalls T0_NS T1_NS`: the machine-wide I/O stalls (merged where they touch) that began in [T0, T1]."""
    merged = []
    for a, b in io_stalls(os.environ.get("STALLS")) or []:
        if t0 <= a <= t1:
            if merged and a <= merged[-1][1]:
                merged[-1][1] = b
            else:
                merged.append([a, b])
    if not merged:
        print("no machine-wide I/O stall")
    else:
        lengths = [(b - a) / 1000 for a, b in merged]
        print(f"{len(merged)} machine-wide I/O stall(s) (PSI io full), longest {max(lengths):.0f} ms, {sum(lengths):.0f} ms in all")


mode, t0, t1 = sys.argv[1], int(sys.argv[2]) // 1000, int(sys.argv[3]) // 1000
if mode == "writer":
    writer(t0, t1, sys.argv[4:])
elif mode == "stalls":
    stall_summary(t0, t1)
else:
    locks(t0, t1, sys.argv[4])
