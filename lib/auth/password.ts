/**
 * Passwords: argon2id (memory-hard, so guessing on GPUs is expensive) through @node-rs/argon2, whose
 * hash and verify run on libuv's thread pool: a burst of sign-ins never stalls the event loop the way
 * bcrypt in JavaScript did. Hashes made by the bcrypt of earlier versions still verify, and the caller
 * re-hashes them with argon2id at that sign-in (needsRehash).
 */
import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import bcrypt from "bcryptjs";

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. */
const ARGON2_OPTIONS = { algorithm: 2 /* Algorithm.Argon2id: a const enum, not importable here */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const ARGON2_PREFIX = "$argon2id$v=19$m=19456,t=2,p=1$";

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith("$argon2")) return verify(stored, password).catch(() => false);
  if (/^\$2[aby]\$/.test(stored)) return bcrypt.compare(password, stored);
  return false;
}

/** True for bcrypt hashes and argon2 hashes made with other parameters than today's. */
export function needsRehash(stored: string): boolean {
  return !stored.startsWith(ARGON2_PREFIX);
}

/**
 * An unknown username costs the same as a known one: verify against a hash of nothing anyone knows, so
 * the answer's timing does not tell which usernames exist.
 */
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(18).toString("base64url"));
  await verifyPassword(password, await dummyHash);
  return false;
}

/** 24 characters from a 144-bit random value: strong, and easy to copy from a terminal. */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

export const MIN_PASSWORD_LENGTH = 12;
