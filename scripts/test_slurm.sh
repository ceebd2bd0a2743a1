#!/bin/bash
# make test-slurm: a single-node Slurm cluster on this machine from Debian's packages, the
# documented job array (deploy/slurm/submit.sh) run on it, the merge compared byte for byte
# with a single run, and the daemons it started stopped by their pid files (issue 11, item 3).
#
# Needs root (it installs packages, starts munged and writes /etc/hosts when the short host
# name does not resolve). Usage: scripts/test_slurm.sh SLASIM_BINARY
set -euo pipefail
slasim=$(realpath "$1")
repo=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" = 0 ] || { echo "test_slurm: needs root (it starts munged and the Slurm daemons)"; exit 1; }

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  echo "test_slurm: installing Slurm and munge from Debian's packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null
fi

work=$(mktemp -d /tmp/slasim-slurm.XXXXXX)
started=()
stop() {
  # Only the daemons this script started, by the pid files it gave them.
  for pidfile in "${started[@]}"; do
    if [ -s "$pidfile" ]; then kill "$(cat "$pidfile")" 2>/dev/null || true; fi
  done
  for pidfile in "${started[@]}"; do
    for _ in $(seq 50); do [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 0.1; done
  done
  if [ "${keep:-0}" = 1 ]; then echo "test_slurm: logs kept in $work"; else rm -rf "$work"; fi
}
trap stop EXIT

# munge: a key if there is none, then munged as user munge with its own socket folder.
if [ ! -s /etc/munge/munge.key ]; then
  mkdir -p /etc/munge
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
  chown munge:munge /etc/munge/munge.key
  chmod 400 /etc/munge/munge.key
fi
mkdir -p /run/munge /var/lib/munge /var/log/munge
chown munge:munge /run/munge /var/lib/munge /var/log/munge
chmod 755 /run/munge
chmod 755 "$work"
mkdir "$work/munge"
chown munge:munge "$work/munge"
socket=$work/munge/munge.socket
runuser -u munge -- munged --socket="$socket" --pid-file="$work/munge/munged.pid" \
  --log-file="$work/munge/munged.log" --seed-file="$work/munge/munged.seed"
started+=("$work/munge/munged.pid")

host=$(hostname -s)
if ! getent hosts "$host" >/dev/null; then
  echo "127.0.0.1 $host" >> /etc/hosts
  echo "test_slurm: added '127.0.0.1 $host' to /etc/hosts"
fi

mkdir -p "$work/state" "$work/spool" "$work/run"
node=$(slurmd -C | head -n 1)
cat > "$work/slurm.conf" <<CONF
ClusterName=slasim-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
SchedulerParameters=batch_sched_delay=0
DependencyParameters=kill_invalid_depend
ReturnToService=2
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
$node
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$work/slurm.conf
slurmctld
started+=("$work/slurmctld.pid")
slurmd
started+=("$work/slurmd.pid")
for _ in $(seq 100); do
  state=$(sinfo -h -o %T 2>/dev/null || true)
  [ "$state" = idle ] && break
  sleep 0.2
done
[ "$state" = idle ] || { keep=1; echo "test_slurm: the node did not become idle (sinfo: '$state')"; exit 1; }
echo "test_slurm: Slurm $(sinfo -V | cut -d' ' -f2) up on $host"

# The documented submission: 4 shards, then the merge once every one has succeeded.
cd "$work"
export SLASIM=$slasim SCENARIO=$repo/scenarios/q3.json TRIALS=3000 SEED=42 SHARDS=4
read -r array merge < <("$repo/deploy/slurm/submit.sh")
echo "test_slurm: submitted array job $array and merge job $merge"
for _ in $(seq 600); do
  [ -z "$(squeue -h -j "$array,$merge" -o %i 2>/dev/null)" ] && break
  sleep 0.5
done
# sbatch --wait would report 0 for a merge cancelled by a failed dependency: check each job.
failed=0
for task in $(seq 0 $((SHARDS - 1))); do
  s=$(scontrol show job "${array}_$task" | grep -o 'JobState=[A-Z_]*' | cut -d= -f2)
  [ "$s" = COMPLETED ] || { echo "test_slurm: array task $task is $s"; failed=1; }
done
s=$(scontrol show job "$merge" | grep -o 'JobState=[A-Z_]*' | cut -d= -f2)
[ "$s" = COMPLETED ] || { echo "test_slurm: merge job is $s"; failed=1; }
if [ $failed = 1 ]; then keep=1; cat "$work"/slasim-*.log 2>/dev/null || true; exit 1; fi

"$slasim" run "$SCENARIO" --trials "$TRIALS" --seed "$SEED" --format json --quiet --out single.json
strip() { grep -v -e '"seconds" *:' -e '"threads" *:' "$1"; }
if ! cmp <(strip single.json) <(strip slasim-result.json); then
  keep=1
  echo "test_slurm: the merged result differs from the single run"
  diff <(strip single.json) <(strip slasim-result.json) | head -20
  exit 1
fi
echo "test_slurm: $SHARDS shards on Slurm merged into the single run's result, byte for byte ($(wc -c < single.json) bytes)"
