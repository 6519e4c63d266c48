#!/bin/sh
# dynrel.sh BASE FILE [SLACK] - fails, naming the counts, when FILE has more
# dynamic relocations (or more R_*_RELATIVE ones) than BASE plus SLACK
# (default 0).
count() {
  readelf -rW "$1" | awk '/^ *[0-9a-f]+ +[0-9a-f]+ R_/ { n++; if ($3 ~ /RELATIVE/) r++ } END { printf "%d %d\n", n, r }'
}
set -- "$1" "$2" "${3:-0}" "$(count "$1")" "$(count "$2")"
echo "base $4, instrumented $5"
awk -v b="$4" -v i="$5" -v s="$3" 'BEGIN { split(b, x, " "); split(i, y, " ");
  exit !(y[1] <= x[1] + s && y[2] <= x[2] + s) }'
