// Password hashing (argon2id with the parameters OWASP recommends) and the common-password rule.
import { hash, verify } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";

const ARGON2ID = 2; // Algorithm.Argon2id; the const enum is not importable under isolatedModules.
const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A hash to verify against when the account does not exist, so that a sign-in for an unknown
// address takes as long as one for a known address.
let decoyHash: Promise<string> | undefined;
export function verifyDecoyPassword(password: string): Promise<boolean> {
  decoyHash ??= hashPassword("decoy password that nobody uses");
  return decoyHash.then((h) => verifyPassword(h, password));
}

const commonPasswords = new Set<string>((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase()));

/**
 * True when the password is one of the most common passwords (about 49,000 from breaches),
 * including a common password with only digits added to the end ("qwertyuiop1234").
 */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (commonPasswords.has(lower)) return true;
  const stem = lower.replace(/[0-9]+$/, "");
  return stem.length >= 6 && stem !== lower && commonPasswords.has(stem);
}
