import { z } from 'zod';
import { op } from './define.ts';
import { UserInput, type User } from '../session.ts';
import type { AuditEvent, AuditVerifyResult } from '../audit.ts';

export const sessionContract = {
  'session.current': op(z.object({})).reads<User | null>(),
  'session.signIn': op(UserInput).returns<User>(),
  'users.add': op(UserInput).returns<User>(),
  'users.list': op(z.object({})).reads<User[]>(),
  'jobs.cancel': op(z.object({ jobId: z.string().min(1).max(100) })).returns<{ cancelled: boolean }>(),
  'audit.verify': op(z.object({})).returns<AuditVerifyResult>(),
  /** The latest changes to settings (weights, thresholds, the GeoIP database, range lists), newest first. */
  'audit.settings': op(z.object({ limit: z.number().int().min(1).max(500).default(50) })).reads<AuditEvent[]>(),
};
