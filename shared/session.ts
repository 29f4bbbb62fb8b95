import { z } from 'zod';
import { hasControlChars } from './text.ts';

export const ROLES = ['officer', 'counsel'] as const;
export type Role = (typeof ROLES)[number];

export type User = {
  id: number;
  name: string;
  role: Role;
  createdAt: string;
  /** The administrator (the first user of the database): adds users and gives roles. */
  admin: boolean;
  /** The user's signing key (Ed25519, base64 of its 32 bytes) and its fingerprint; null until their first sign-in. */
  publicKey: string | null;
  fingerprint: string | null;
};
export type Actor = { name: string; role: Role; admin?: boolean };

export const UserInput = z.object({
  name: z
    .string()
    .trim()
    .min(2, 'must be at least 2 characters')
    .max(100, 'must be at most 100 characters')
    .refine((s) => !hasControlChars(s), 'must not contain control characters'),
  role: z.enum(ROLES),
});

export const UserName = UserInput.shape.name;
/** A passphrase as typed (checked against the key file, never stored). */
export const PassphraseInput = z.string().min(1, 'is required').max(1024);
