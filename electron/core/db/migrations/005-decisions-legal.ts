import type { Migration } from '../migrate.ts';

// Reserved for the decisions-legal domain; filled in by that domain's work.
export const m005: Migration = {
  version: 5,
  name: 'decisions-legal',
  up() {},
};
