// The SQLite ledger's flush (server/ledger/wal-flush.ts): callers of one turn share one
// fdatasync that runs after their commits; a slow disk moves flushes off the event loop.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { POOL_FLUSHES_AFTER_SLOW, SLOW_FLUSH_MS, walFlusher, type FlushIo } from '../../server/ledger/wal-flush.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const walFile = (exists = true) => {
  const dir = mkdtempSync(join(tmpdir(), 'dd-wal-flush-'));
  dirs.push(dir);
  const file = join(dir, 'ledger.sqlite-wal');
  if (exists) writeFileSync(file, 'frames');
  return file;
};

/** A disk whose flushes are counted, each taking `flushMs` of a fake clock. */
function fakeIo(flushMs: () => number) {
  let clock = 0;
  const log: Array<'here' | 'pool'> = [];
  const io: FlushIo = {
    syncFlush: () => {
      log.push('here');
      clock += flushMs();
    },
    poolFlush: (_fd, done) => {
      log.push('pool');
      setTimeout(() => done(null), 1);
    },
    now: () => clock,
  };
  return { io, log };
}

describe('the WAL flush', () => {
  test('callers of one turn share one flush, made after all their commits', async () => {
    const order: string[] = [];
    const { io, log } = fakeIo(() => 0.3);
    const flusher = walFlusher(walFile(), { ...io, syncFlush: (fd) => (order.push('flush'), io.syncFlush(fd)) });
    const waits = [1, 2, 3].map((n) => (order.push(`commit ${n}`), flusher.flush()));
    order.push('commit 4');
    await Promise.all(waits);
    expect(log).toEqual(['here']);
    expect(order).toEqual(['commit 1', 'commit 2', 'commit 3', 'commit 4', 'flush']);
    // A later turn's commit gets its own flush.
    await flusher.flush();
    expect(log).toEqual(['here', 'here']);
    await flusher.close();
  });

  test('a slow flush sends the next ones to the thread pool, then the disk is timed again here', async () => {
    let ms = SLOW_FLUSH_MS + 3;
    const { io, log } = fakeIo(() => ms);
    const flusher = walFlusher(walFile(), io);
    await flusher.flush();
    ms = 0.2;
    for (let i = 0; i < POOL_FLUSHES_AFTER_SLOW; i++) await flusher.flush();
    expect(log.filter((w) => w === 'pool')).toHaveLength(POOL_FLUSHES_AFTER_SLOW);
    await flusher.flush();
    await flusher.flush();
    expect(log.slice(-2)).toEqual(['here', 'here']);
    await flusher.close();
  });

  test('a commit made while a pool flush runs waits for the next flush', async () => {
    const { io } = fakeIo(() => SLOW_FLUSH_MS + 1);
    let poolStarts = 0;
    const release: Array<() => void> = [];
    const flusher = walFlusher(walFile(), {
      ...io,
      poolFlush: (_fd, done) => {
        poolStarts++;
        release.push(() => done(null));
      },
    });
    await flusher.flush(); // slow: the next go to the pool
    const first = flusher.flush();
    await new Promise((r) => setImmediate(r));
    expect(poolStarts).toBe(1);
    let secondDone = false;
    const second = flusher.flush().then(() => (secondDone = true));
    await new Promise((r) => setTimeout(r, 5));
    release.shift()!();
    await first;
    // The first pool flush may have started before the second commit: the second is not done yet.
    await new Promise((r) => setTimeout(r, 5));
    expect(secondDone).toBe(false);
    expect(poolStarts).toBe(2);
    release.shift()!();
    await second;
    await flusher.close();
  });

  test('a failed flush fails its callers, and the next flush tries again', async () => {
    let fail = true;
    const { io, log } = fakeIo(() => 0.1);
    const flusher = walFlusher(walFile(), {
      ...io,
      syncFlush: (fd) => {
        io.syncFlush(fd);
        if (fail) throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
      },
    });
    await expect(Promise.all([flusher.flush(), flusher.flush()])).rejects.toThrow(/EIO/);
    fail = false;
    await expect(flusher.flush()).resolves.toBeUndefined();
    expect(log).toEqual(['here', 'here']);
    await flusher.close();
  });

  test('before the first commit there is no WAL, and nothing to flush', async () => {
    const { io, log } = fakeIo(() => 0.1);
    const flusher = walFlusher(walFile(false), io);
    await flusher.flush();
    expect(log).toEqual([]);
    await flusher.close();
  });
});
