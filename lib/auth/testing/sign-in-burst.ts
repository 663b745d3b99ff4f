/**
 * One "server process" of the cross-process throttle test: opens the Postgres database in argv[2] and
 * makes argv[4] parallel sign-in attempts with wrong passwords on the account argv[3], as a burst of
 * requests reaching this process would. Prints the answers as one JSON array.
 */
import { signInWithPassword } from "@/lib/auth/password-sign-in";
import { openDatabase } from "@/lib/db/client";

const [url, username, count] = process.argv.slice(2);
const handle = await openDatabase({ driver: "pg", url });
try {
  const answers = await Promise.all(
    Array.from({ length: Number(count) }, (_, i) =>
      signInWithPassword(handle.db, { username, password: `burst-${process.pid}-${i}`, address: `198.18.${process.pid % 250}.${i}` }).then(
        () => "signed in",
        (error: Error) => error.message,
      ),
    ),
  );
  process.stdout.write(`${JSON.stringify(answers)}\n`);
} finally {
  await handle.close();
}
