#!/usr/bin/env bash
# Same-run pairs of full findings recomputes (bench/recompute.ts), old and new code alternating, each on
# its own copy of one seeded database (created from `template`), after one warm-up run each. Prints each
# run's JSON line with the load average.
#
#   bench/recompute-pairs.sh /work/wt/old55 /work/wt/rules postgres://postgres@127.0.0.1:5432 rulesbench 5
#
# Both checkouts need bench/recompute.ts (copy it into an old one, untracked).
set -euo pipefail
old_dir=$1 new_dir=$2 server=$3 template=$4 pairs=${5:-5}
for side in old new; do
  psql "$server/postgres" -qc "drop database if exists rb_$side" -c "create database rb_$side template $template"
done
run() { # side dir
  local line
  line=$(cd "$2" && nice -n 10 npx tsx bench/recompute.ts --url "$server/rb_$1")
  echo "$1 $line load $(cut -d' ' -f1-3 /proc/loadavg)"
}
run old "$old_dir" >/dev/null
run new "$new_dir" >/dev/null
for pair in $(seq 1 "$pairs"); do
  echo "pair $pair"
  run old "$old_dir"
  run new "$new_dir"
done
