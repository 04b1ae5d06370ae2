"""Samples the kernel's I/O pressure (/proc/pressure/io, Linux PSI) every 20 ms until killed, for bench/operations.sh.

Each line: "epoch_ns full_total_us", where full_total_us is the kernel's running total of time during which every
non-idle task was stalled on I/O at once. A jump of that total between two samples is a machine-wide I/O stall
(writeback, a saturated disk): every process waits, whatever it is doing. phase_stats.py marks writes caught in one.
"""
import sys
import time

out = open(sys.argv[1], "w", buffering=1)
while True:
    with open("/proc/pressure/io") as psi:
        for line in psi:
            if line.startswith("full"):
                out.write(f"{time.time_ns()} {line.split('total=')[1].strip()}\n")
    time.sleep(0.02)
