import * as fs from 'fs';

/** How long a synth waits for another one writing the same output folder. @default 120 s */
const WAIT_MS = Number(process.env.STACK_LOCK_WAIT_MS ?? 120_000);
const POLL_MS = 50;

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Whether a process of that id exists (EPERM: it does, as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid written in a lock file; undefined when it is gone or not written yet. */
function holder(file: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Creates `file` holding our pid, atomically: false when it exists. */
function create(file: string): boolean {
  const tmp = `${file}.${process.pid}`;
  fs.writeFileSync(tmp, `${process.pid}\n`);
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    fs.unlinkSync(tmp);
  }
}

/**
 * Removes the lock left by a process that died holding it (SIGKILL, power loss). Only one
 * process breaks a given lock: breaking itself takes a second lock, and the holder is read
 * again under it, so a lock another process has just taken is never removed.
 */
function breakStale(file: string, pid: number): void {
  const guard = `${file}.break`;
  if (!create(guard)) {
    const breaker = holder(guard);
    if (breaker !== undefined && !alive(breaker)) fs.rmSync(guard, { force: true });
    return;
  }
  try {
    if (holder(file) === pid) fs.rmSync(file, { force: true });
  } finally {
    fs.rmSync(guard, { force: true });
  }
}

/**
 * Takes the lock file `file` for this process: one synth at a time per output folder. Waits
 * while another live process holds it, takes over the lock of a dead one, and fails with a
 * message naming the holder after `STACK_LOCK_WAIT_MS`. Returns the release function.
 */
export function acquireLock(file: string, what: string): () => void {
  const deadline = Date.now() + WAIT_MS;
  let told = false;
  for (;;) {
    if (create(file)) break;
    const pid = holder(file);
    if (pid !== undefined && !alive(pid)) {
      breakStale(file, pid);
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`another synth (pid ${pid ?? 'unknown'}) is still writing ${what}; waited ${Math.round(WAIT_MS / 1000)} s. `
        + `If no synth is running, delete ${file}`);
    }
    if (!told && pid !== undefined) {
      process.stderr.write(`waiting for the synth writing ${what} (pid ${pid}) to finish\n`);
      told = true;
    }
    sleep(POLL_MS);
  }
  return () => {
    if (holder(file) === process.pid) fs.rmSync(file, { force: true });
  };
}
