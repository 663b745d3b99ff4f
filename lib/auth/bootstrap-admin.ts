/**
 * First run: with no users, create `admin`. The password comes from BLASTMAP_ADMIN_PASSWORD, or is
 * generated and printed once; only its hash is stored.
 */
import type { Db } from "@/lib/db/client";
import { countUsers, createUserIfAbsent } from "@/lib/db/queries/users";
import { generatePassword, hashPassword } from "@/lib/auth/password";

export interface BootstrapResult {
  created: boolean;
  /** Set only when the password was generated here, so the caller can show it once. */
  generatedPassword?: string;
}

export async function ensureAdminUser(db: Db, configuredPassword: string | undefined): Promise<BootstrapResult> {
  if ((await countUsers(db)) > 0) return { created: false };
  const password = configuredPassword ?? generatePassword();
  const created = await createUserIfAbsent(db, { username: "admin", passwordHash: await hashPassword(password), role: "admin" });
  if (!created) return { created: false };
  return { created: true, generatedPassword: configuredPassword ? undefined : password };
}

/** The one place that prints a generated password. */
export function announceAdmin(result: BootstrapResult, print: (line: string) => void = console.log): void {
  if (!result.created) return;
  if (result.generatedPassword) {
    print("");
    print("  First run: created user 'admin' with this password (shown once, only its hash is stored):");
    print(`      ${result.generatedPassword}`);
    print("  Set BLASTMAP_ADMIN_PASSWORD before the first start to choose it yourself.");
    print("");
  } else {
    print("  First run: created user 'admin' with the password from BLASTMAP_ADMIN_PASSWORD.");
  }
}
