import type { Migration } from '../migrate.ts';

// Reserved for the sanctions domain; filled in by that domain's work.
export const m004: Migration = {
  version: 4,
  name: 'sanctions',
  up() {},
};
