"""Runs PROG with PTRHOOK_OPTIONS=OPTIONS, its stdout to /dev/null and its
stderr to a pipe whose read end is closed before it starts; prints
"status N" (N < 0: killed by signal -N).

    closed-pipe.py PROG OPTIONS
"""
import os
import subprocess
import sys

r, w = os.pipe()
os.close(r)
env = dict(os.environ, PTRHOOK_OPTIONS=sys.argv[2])
# restore_signals (the default) gives the child SIGPIPE's default action.
p = subprocess.run([sys.argv[1]], stdout=subprocess.DEVNULL, stderr=w, env=env)
print("status %d" % p.returncode)
