// Worker-thread bootstrap: a plain module that teaches this thread TypeScript (tsx) before loading the
// worker, because a worker's --import flag is not honoured on every Node version or under every runner.
import { register } from "tsx/esm/api";

register();
await import("./scan-worker.ts");
