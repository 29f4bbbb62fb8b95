import type Database from 'better-sqlite3';

/** A handle that can write. Functions that only read take a `ReadDb`. */
export type Db = Database.Database;

/** A prepared statement that can only read: get, all and iterate; no run(). */
export interface ReadStatement<P extends unknown[] = unknown[], R = unknown> {
  readonly reader: boolean;
  get(...params: P): R | undefined;
  all(...params: P): R[];
  iterate(...params: P): IterableIterator<R>;
  pluck(toggleState?: boolean): this;
  raw(toggleState?: boolean): this;
  expand(toggleState?: boolean): this;
  columns(): Database.ColumnDefinition[];
}

/**
 * A database handle that cannot write: it prepares statements that can only read, and has no
 * exec, pragma or transaction. The operations the contract declares as reads get this handle,
 * and the functions they call take it, so a read that writes does not compile. A writable
 * handle (`Db`) is a ReadDb too: functions that only read take a ReadDb and serve both.
 */
export interface ReadDb {
  readonly name: string;
  readonly inTransaction: boolean;
  prepare<P extends unknown[] = unknown[], R = unknown>(source: string): ReadStatement<P, R>;
}

/** A read-only connection of its own (`openDatabase(file, { readonly: true })`): reads, and is closed when done. */
export interface ReadConnection extends ReadDb {
  close(): void;
}
