declare module 'talisman/metrics/jaro-winkler.js' {
  /** Jaro-Winkler similarity in [0, 1] (1 = equal). */
  const jaroWinkler: (a: string, b: string) => number;
  export default jaroWinkler;
}
