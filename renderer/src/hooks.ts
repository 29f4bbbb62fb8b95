import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { Channel, Input, Output } from '../../shared/contract/index.ts';
import type { User } from '../../shared/session.ts';
import { api, toApiError, type ApiError } from './api.ts';

export type Loaded<T> = { data: T | undefined; error: ApiError | undefined; loading: boolean; reload: () => void };

/** Loads one operation's result and reloads it when the input (or refreshKey) changes. */
export function useApi<C extends Channel>(channel: C, input: Input<C>, refreshKey?: unknown, enabled = true): Loaded<Output<C>> {
  const key = JSON.stringify([input, refreshKey]);
  const [state, setState] = useState<{ data: Output<C> | undefined; error: ApiError | undefined; loading: boolean }>({ data: undefined, error: undefined, loading: enabled });
  const [tick, setTick] = useState(0);
  const inputRef = useRef(input);
  inputRef.current = input;
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api(channel, inputRef.current).then(
      (data) => live && setState({ data, error: undefined, loading: false }),
      (error: unknown) => live && setState((s) => ({ data: s.data, error: toApiError(error), loading: false })),
    );
    return () => {
      live = false;
    };
  }, [channel, key, tick, enabled]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

export const SessionContext = createContext<User | null>(null);
export const useSession = (): User => {
  const u = useContext(SessionContext);
  if (!u) throw new Error('useSession outside a signed-in session');
  return u;
};
