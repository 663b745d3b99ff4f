import { describe, expect, it } from "vitest";
import { mayContainSecret } from "@/lib/credentials/prefilter";
import { createFakeSecrets } from "@/lib/credentials/testing/fake-secrets";

const fakes = createFakeSecrets(99);

describe("prefilter", () => {
  it("lets every kind our detectors find through", () => {
    for (const [name, make] of Object.entries(fakes.planted)) expect(mayContainSecret(make().text), name).toBe(true);
  });

  it("lets the anchors of the maintained (secretlint) rules through", () => {
    const samples = [
      "xoxb-1234-5678-abcdef", // Slack
      "SG.abcdefghijkl.mnopqrstu", // SendGrid
      "hvs.CAESIabcdef", // Vault
      "dapi0123456789abcdef0123456789abcdef", // Databricks
      "glpat-abcdefghijklmnopqrst", // GitLab
      "https://deploy:hunter2hunter2@git.example.com/repo.git", // basic auth
      '{"type": "service_account", "private_key": "…"}', // GCP service account JSON
      "//registry.npmjs.org/:_authToken=abc", // npm
      "AIzaSyA-abcdefghijklmnopqrstuvwxyz01234", // GCP API key
      "https://hooks.slack.com/services/T000/B000/XXXX", // Slack webhook
      "dckr_pat_abcdefghijklmnopqrstuvwxyz0", // Docker
      "aws_secret_access_key = abc", // AWS secret without its id
      "secretAccessKey: abc",
      "client-key-data: LS0t", // kubeconfig
      "railwayToken = x",
      "# Cloudflare key",
    ];
    for (const sample of samples) expect(mayContainSecret(sample), sample).toBe(true);
  });

  it("keeps ordinary code out", () => {
    const code = [
      "export async function getUserAccount(user_id: string, page_size = 50) {",
      "  const session_token = await cache.get(`session:${user_id}`); // refresh the token first",
      '  const url = "https://api.example.com/v2/users?page=1";',
      "  return db.query('select * from accounts where id = $1', [user_id]);",
      "def parse_secret_ref(self, secret_ref): return self.vault.read(secret_ref)",
      "task-list risk-free desk-top",
      "REQUEST_ID=3f1c2b4a-1111-4222-8333-444455556666",
    ].join("\n");
    expect(mayContainSecret(code)).toBe(false);
  });
});
