// Small helpers shared by the benchmarks: timing, percentiles, and one line per figure.

export const time = (fn: () => unknown): number => {
  const start = performance.now();
  fn();
  return performance.now() - start;
};

export const timeAsync = async (fn: () => Promise<unknown>): Promise<number> => {
  const start = performance.now();
  await fn();
  return performance.now() - start;
};

export const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};

export const median = (xs: number[]): number => percentile(xs, 50);

/** Prints one measured figure with whether it meets its goal. */
export function report(name: string, figure: string, pass: boolean, goal: string): void {
  console.log(`${pass ? 'PASS' : 'MISS'}  ${name}: ${figure}   [${goal}]`);
}
