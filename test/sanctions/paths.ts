import { join } from 'node:path';

export const FIXTURES = join(import.meta.dirname, 'fixtures');
export const fx = (name: string) => join(FIXTURES, name);
export const REPO_ROOT = join(import.meta.dirname, '..', '..');
/** The real OFAC files beside the checkout (../shared/data/ofac), never copied into the project. */
export const REAL_OFAC = join(REPO_ROOT, '..', 'shared', 'data', 'ofac');
