import type { Migration } from '../migrate.ts';

// Reserved for the indicators-activity domain; filled in by that domain's work.
export const m003: Migration = {
  version: 3,
  name: 'indicators-activity',
  up() {},
};
