import type { OperationTable, OutputOf, ParsedInputOf } from '../../shared/contract/define.ts';
import type { Ctx } from './context.ts';

/** The implementations of one contract table: each takes the context and its parsed input. */
export type HandlersFor<T extends OperationTable> = {
  [K in keyof T]: (ctx: Ctx, input: ParsedInputOf<T[K]>) => OutputOf<T[K]> | Promise<OutputOf<T[K]>>;
};
