// Worker-thread bootstrap: a plain module that teaches this thread TypeScript (tsx) before loading the
// worker, because a worker's --import flag is not honoured on every Node version or under every runner.
// The repository's tsconfig is named explicitly so the "@/" alias resolves whatever the working directory.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../../tsconfig.json", import.meta.url)) });
await import("./scan-worker.ts");
