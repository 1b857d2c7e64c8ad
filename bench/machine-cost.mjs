// What a load window cost the machine, by who spent it: CPU seconds of PostgreSQL, the server's processes, the load
// generator and everything else (from /proc), and the WAL PostgreSQL wrote (pg_stat_wal, PostgreSQL 14+). On a
// saturated machine throughput is its CPU divided by what one unit of work costs, and the hosts these benches run
// on differ in speed by up to a third from one run to the next; the cost per unit of work moves far less, so the
// report carries it beside the rate (issue 10). Linux only: elsewhere, or without an admin URL for the WAL, the
// parts it cannot read are null.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime (s), parent pid and command name of one process, or undefined if it is gone or unreadable. */
function processStat(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may itself contain spaces or parentheses: split after the last one.
    const close = stat.lastIndexOf(')');
    const name = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    return { name, ppid: Number(fields[1]), seconds: (Number(fields[11]) + Number(fields[12])) / ticksPerSecond };
  } catch {
    return undefined;
  }
}

/** CPU seconds so far per group: the server's process tree (`serverPid` and its descendants), postgres, this process, the rest. */
function cpuByGroup(serverPid) {
  let pids;
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  } catch {
    return undefined;
  }
  const stats = new Map();
  for (const pid of pids) {
    const s = processStat(pid);
    if (s) stats.set(pid, s);
  }
  if (stats.size === 0) return undefined;
  const inServer = (pid) => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = stats.get(p)?.ppid ?? 0, hops++) if (p === serverPid) return true;
    return false;
  };
  const groups = { postgres: 0, server: 0, loadGenerator: 0, other: 0 };
  for (const [pid, s] of stats) {
    if (pid === process.pid) groups.loadGenerator += s.seconds;
    else if (inServer(pid)) groups.server += s.seconds;
    else if (s.name === 'postgres') groups.postgres += s.seconds;
    else groups.other += s.seconds;
  }
  return groups;
}

/** The machine's busy and total CPU time so far (s), from /proc/stat's first line. */
function machineTime() {
  try {
    const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = values.map(Number);
    const busy = user + nice + system + irq + softirq + steal;
    return { busy: busy / ticksPerSecond, total: (busy + idle + iowait) / ticksPerSecond };
  } catch {
    return undefined;
  }
}

async function walSoFar(adminUrl) {
  if (!adminUrl) return undefined;
  const client = new pg.Client({ connectionString: adminUrl });
  try {
    await client.connect();
    const row = (await client.query('SELECT wal_records::float8 AS records, wal_bytes::float8 AS bytes FROM pg_stat_wal')).rows[0];
    return { records: row.records, bytes: row.bytes };
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Starts measuring now; `finish(units)` answers what the window cost per unit of work (CPU µs per group, the
 * machine's busy share, WAL records and bytes), or null for what could not be read. The groups' CPU is only
 * processes alive at both ends: PostgreSQL backends or server processes that start or end inside the window are
 * missed, so start it once the server is up and its connections are open.
 */
export async function machineCost({ serverPid, adminUrl }) {
  const cpu0 = cpuByGroup(serverPid);
  const machine0 = machineTime();
  const wal0 = await walSoFar(adminUrl);
  return {
    async finish(units) {
      const cpu1 = cpuByGroup(serverPid);
      const machine1 = machineTime();
      const wal1 = await walSoFar(adminUrl);
      const per = (a, b, scale) => (units > 0 ? Math.round(((b - a) * scale) / units) : null);
      return {
        cpuMicros: cpu0 && cpu1 ? Object.fromEntries(Object.keys(cpu0).map((g) => [g, per(cpu0[g], cpu1[g], 1e6)])) : null,
        machineBusy: machine0 && machine1 ? +((machine1.busy - machine0.busy) / (machine1.total - machine0.total)).toFixed(3) : null,
        walRecords: wal0 && wal1 ? per(wal0.records, wal1.records, 1) : null,
        walBytes: wal0 && wal1 ? per(wal0.bytes, wal1.bytes, 1) : null,
      };
    },
  };
}
