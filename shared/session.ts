import { z } from 'zod';
import { hasControlChars } from './text.ts';

export const ROLES = ['officer', 'counsel'] as const;
export type Role = (typeof ROLES)[number];

export type User = { id: number; name: string; role: Role; createdAt: string };
export type Actor = { name: string; role: Role };

export const UserInput = z.object({
  name: z
    .string()
    .trim()
    .min(2, 'must be at least 2 characters')
    .max(100, 'must be at most 100 characters')
    .refine((s) => !hasControlChars(s), 'must not contain control characters'),
  role: z.enum(ROLES),
});
