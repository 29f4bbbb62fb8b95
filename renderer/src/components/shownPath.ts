const GRANT = /^grant:[0-9a-f-]{36}\//;

/**
 * What the user reads for a path value: a typed path as it is; for a file chosen in the desktop
 * app's dialog (a grant the main process keeps, "grant:<id>/<file name>"), the chosen file's name
 * without the grant's id.
 */
export const shownPath = (value: string): string => value.replace(GRANT, '');
