/**
 * When did this job start? The per-shard fixed cost (runner start, checkout, installs,
 * collection) is what makes more shards stop paying, so it is measured from the job's start,
 * not from this step's. On Linux runners the action runs as a child of the runner's job worker,
 * whose process start time is the job's start; elsewhere we fall back to this process's start.
 */
import { readFileSync } from 'node:fs';

export function jobStartedAt(now: number = Date.now()): number {
  const processStart = now - process.uptime() * 1000;
  if (process.platform !== 'linux') return processStart;
  try {
    const parentStart = linuxProcessStart(process.ppid);
    // A parent older than a day is not a job worker (e.g. a long-lived shell): ignore it.
    return parentStart <= processStart && processStart - parentStart < 86_400_000
      ? parentStart
      : processStart;
  } catch {
    return processStart;
  }
}

/** Start time of a process in epoch ms, from /proc/<pid>/stat (field 22, clock ticks since boot). */
export function linuxProcessStart(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces and parentheses: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const startTicks = Number(fields[19]);
  const bootSeconds = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
  const ticksPerSecond = 100; // USER_HZ is 100 on every Linux the runners use.
  if (!Number.isFinite(startTicks) || !Number.isFinite(bootSeconds))
    throw new Error('unreadable /proc');
  return bootSeconds * 1000 + (startTicks / ticksPerSecond) * 1000;
}
