/**
 * Password hashing with bcrypt (bcryptjs: maintained, pure JavaScript, so no native build step).
 */
import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";

const COST = 11;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/** 24 characters from a 144-bit random value: strong, and easy to copy from a terminal. */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}
