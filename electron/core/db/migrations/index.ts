import type { Migration } from '../migrate.ts';
import { m001 } from './001-cases-audit.ts';
import { m002 } from './002-subjects-evidence.ts';
import { m003 } from './003-indicators-activity.ts';
import { m004 } from './004-sanctions.ts';
import { m005 } from './005-decisions-legal.ts';
import { m006 } from './006-indicator-state.ts';
import { m007 } from './007-legal-review.ts';
import { m008 } from './008-sanctions-lists.ts';
import { m009 } from './009-devices-egress.ts';
import { m010 } from './010-users-signatures.ts';
import { m011 } from './011-bundle.ts';
import { m012 } from './012-templates-tasks.ts';
import { m013 } from './013-journal.ts';
import { m014 } from './014-activity-staging.ts';
import { m015 } from './015-case-ips-by-import.ts';

/** Every schema change, in order. Append only; a released migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010, m011, m012, m013, m014, m015];

/** The schema version a database has once every migration has run. */
export const LATEST_VERSION = MIGRATIONS.length;
