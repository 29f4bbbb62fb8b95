import type { OperationTable, OutputOf, ParsedInputOf } from '../../shared/contract/define.ts';
import type { Ctx } from './context.ts';
import type { ReadDb } from './db/handle.ts';

/** The context an operation that only reads gets: its database handle cannot write. */
export type ReadCtx = Omit<Ctx, 'db'> & { readonly db: ReadDb };

/**
 * The implementations of one contract table: each takes the context and its parsed input. An
 * operation the contract declares as a read gets a `ReadCtx`, so a read that writes does not compile.
 */
export type HandlersFor<T extends OperationTable> = {
  [K in keyof T]: (ctx: T[K]['reads'] extends true ? ReadCtx : Ctx, input: ParsedInputOf<T[K]>) => OutputOf<T[K]> | Promise<OutputOf<T[K]>>;
};
