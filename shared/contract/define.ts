import type { z } from 'zod';

/** One operation of the contract: its input schema, and (as a type only) its output. */
export type Operation<I extends z.ZodType, O> = { readonly input: I; readonly __output?: O };

/** `op(schema).returns<Output>()` names an operation once, for every transport. */
export const op = <I extends z.ZodType>(input: I) => ({
  returns: <O>(): Operation<I, O> => ({ input }),
});

// eslint-disable-next-line typescript/no-explicit-any -- the widest operation type, used only as a constraint
export type AnyOperation = Operation<z.ZodType, unknown>;
export type OperationTable = Record<string, AnyOperation>;

export type InputOf<T extends AnyOperation> = z.input<T['input']>;
export type ParsedInputOf<T extends AnyOperation> = z.output<T['input']>;
export type OutputOf<T extends AnyOperation> = T extends Operation<z.ZodType, infer O> ? O : never;
