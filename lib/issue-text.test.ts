import { z } from "zod";
import { describe, expect, it } from "vitest";
import { createFakeSecrets } from "@/lib/credentials/testing/fake-secrets";
import { formatIssuePath, issueMessage } from "./issue-text";

const token = createFakeSecrets(15).planted.githubClassic().secret;

describe("issue text", () => {
  it("names plain keys and hides a secret or markup used as a key", () => {
    expect(formatIssuePath(["edges", 12, "dst", "kind"])).toBe("edges[12].dst.kind");
    expect(formatIssuePath(["env", token, 0])).toBe("env.<key>[0]");
    expect(formatIssuePath(["<img src=x onerror=alert(1)>"])).toBe("<key>");
  });

  it("rebuilds zod's unrecognized-key message without quoting the input", () => {
    const parsed = z.strictObject({ version: z.literal(1) }).safeParse({ version: 1, [token]: true, extra: 1 });
    expect(parsed.success).toBe(false);
    const message = issueMessage(parsed.error!.issues[0]);
    expect(message).toBe('Unrecognized keys: "<key>", "extra"');
  });
});
