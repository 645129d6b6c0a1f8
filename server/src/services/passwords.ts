// Password hashing: argon2id with the library's defaults (64 MiB, 3 passes, 4 lanes), which are
// slow on purpose. The hash string carries its own parameters, so they can be raised later.
import argon2 from 'argon2';

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false; // a malformed hash never matches
  }
}

/** Verified against for unknown usernames, so a miss takes as long as a wrong password. */
let dummy: Promise<string> | undefined;
export async function spendVerifyTime(password: string): Promise<void> {
  dummy ??= hashPassword('no-such-user-placeholder-0');
  await verifyPassword(await dummy, password);
}
