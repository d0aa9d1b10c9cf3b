import { randomBytes } from 'node:crypto';

/** A new row id: a readable prefix ("rec-", "seg-", "v-") and 40 random bits. */
export const newId = (prefix: string) => `${prefix}${randomBytes(5).toString('hex')}`;
