import type { z } from 'zod';

/**
 * One operation of the contract: its input schema, whether it only reads, and (as a type only)
 * its output. An operation that only reads is answered while an import holds the write lock, and
 * its handler gets a database handle that cannot write.
 */
export type Operation<I extends z.ZodType, O, R extends boolean = boolean> = { readonly input: I; readonly reads: R; readonly __output?: O };

/**
 * `op(schema).returns<Output>()` names an operation that may write, `op(schema).reads<Output>()`
 * one that only reads, once, for every transport.
 */
export const op = <I extends z.ZodType>(input: I) => ({
  returns: <O>(): Operation<I, O, false> => ({ input, reads: false }),
  reads: <O>(): Operation<I, O, true> => ({ input, reads: true }),
});

export type AnyOperation = Operation<z.ZodType, unknown>;
export type OperationTable = Record<string, AnyOperation>;

export type InputOf<T extends AnyOperation> = z.input<T['input']>;
export type ParsedInputOf<T extends AnyOperation> = z.output<T['input']>;
export type OutputOf<T extends AnyOperation> = T extends Operation<z.ZodType, infer O> ? O : never;
