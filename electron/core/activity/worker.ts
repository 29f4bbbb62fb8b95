// The import worker: a thread with its own connection to the database, which writes a login
// import and runs the detectors, while the window's thread answers the window. Started by
// worker-client.ts; one request at a time, answered in order. The same script, started as the
// import's reading thread (`role: 'reader'`), reads and checks the file and hands the rows on
// (reader.ts).
import { cancelledError } from '../context.ts';
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection.ts';
import { getCaseById } from '../cases/repo.ts';
import { AppError } from '../../../shared/errors.ts';
import { toErrorBody } from '../errors.ts';
import { ImportWriter, type BeginArgs, type CommitArgs } from './writer.ts';
import { analyseCase, type AnalysisHooks } from './analyse.ts';
import { batchBuffers, type RowBatch } from './rows.ts';
import { storeDevices, type DeviceImportArgs } from './devices.ts';
import { readLoginFile, type ReadArgs } from './reader.ts';
import { closeSpills } from './spill.ts';

type Request =
  | { id: number; op: 'begin'; args: BeginArgs }
  | { id: number; op: 'rows'; batch: RowBatch }
  | { id: number; op: 'commit'; args: CommitArgs }
  | { id: number; op: 'rollback' }
  | { id: number; op: 'analyse'; caseId: number; actor: string; zone: string | null }
  | { id: number; op: 'devices'; args: DeviceImportArgs };

const { dbFile, dbKeyHex, cancel, role } = workerData as { dbFile: string; dbKeyHex: string; cancel: Int32Array; role: 'writer' | 'reader' };
const port = parentPort!;
const db = openDatabase(dbFile, { key: { dbKeyHex } });

if (role === 'reader') {
  // The reading thread only reads the settings and the case's look-ups: a small page cache.
  db.pragma('cache_size = -8192');
  port.on('message', (m: { id: number; op: 'read'; args: ReadArgs }) => {
    const io = {
      send: (batch: RowBatch) => port.postMessage({ type: 'batch', batch }, batchBuffers(batch)),
      progress: (done: number, total: number) => port.postMessage({ type: 'progress', phase: 'reading', done, total }),
    };
    readLoginFile(db, m.args, io)
      .then(
        (value) => port.postMessage({ id: m.id, ok: true, value }),
        (e: unknown) => port.postMessage({ id: m.id, ok: false, error: toErrorBody(e) }),
      )
      .finally(closeSpills);
  });
} else serveWriter();

/** The import worker proper: stages, commits or rolls back a login import, analyses a case, files a device inventory. */
function serveWriter() {
  // A large import's commit would copy the whole write-ahead log into the database file before its
  // answer (SQLite's automatic checkpoint, about 0.6 s per million rows). The commit is durable
  // once the log is synced, so the copy is made here after answering, while the window goes on.
  db.pragma('wal_autocheckpoint = 0');
  // Staging appends rows and the analysis reads the case once in order: a large page cache buys
  // little here, and the app's 128 MiB (for browsing an encrypted database) would be most of the
  // import's peak memory. 32 MiB.
  db.pragma('cache_size = -32768');
  let writer: ImportWriter | null = null;

  const cancelled = () => Atomics.load(cancel, 0) === 1;
  const hooks: AnalysisHooks = {
    cancelled,
    progress: (done, total) => port.postMessage({ type: 'progress', phase: 'analysing', done, total }),
  };

  function handle(m: Request): unknown {
    switch (m.op) {
      case 'begin':
        writer?.rollback();
        closeSpills();
        writer = new ImportWriter(db);
        writer.begin(m.args);
        return null;
      case 'rows':
        if (!writer) throw new AppError('conflict', 'No import is in progress.');
        if (cancelled()) throw cancelledError();
        writer.rows(m.batch);
        return null;
      case 'commit': {
        if (!writer) throw new AppError('conflict', 'No import is in progress.');
        const w = writer;
        writer = null;
        return w.commit(m.args, hooks);
      }
      case 'rollback':
        writer?.rollback();
        writer = null;
        return null;
      case 'analyse':
        return analyseCase(db, m.actor, getCaseById(db, m.caseId), hooks, m.zone);
      case 'devices':
        return storeDevices(db, m.args, hooks);
    }
  }

  port.on('message', (m: Request) => {
    try {
      port.postMessage({ id: m.id, ok: true, value: handle(m) });
    } catch (e) {
      port.postMessage({ id: m.id, ok: false, error: toErrorBody(e) });
    }
    // A pass ends with these (or ended early): its parked state goes.
    if (m.op === 'commit' || m.op === 'rollback' || m.op === 'analyse' || m.op === 'devices') closeSpills();
    if (m.op === 'commit' || m.op === 'analyse' || m.op === 'devices') checkpoint();
  });
}

/** Copies the log into the database file, as far as no reader needs it still; skipped when another connection is busy. */
function checkpoint() {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // A busy database: the next checkpoint (here, or the main connection's automatic one) does it.
  }
}
