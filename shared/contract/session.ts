import { z } from 'zod';
import { op } from './define.ts';
import { UserInput, type User } from '../session.ts';
import type { AuditVerifyResult } from '../audit.ts';

export const sessionContract = {
  'session.current': op(z.object({})).returns<User | null>(),
  'session.signIn': op(UserInput).returns<User>(),
  'users.add': op(UserInput).returns<User>(),
  'users.list': op(z.object({})).returns<User[]>(),
  'jobs.cancel': op(z.object({ jobId: z.string().min(1).max(100) })).returns<{ cancelled: boolean }>(),
  'audit.verify': op(z.object({})).returns<AuditVerifyResult>(),
};
