import { describe, expect, it } from "vitest";
import { createFakeSecrets } from "@/lib/credentials/testing/fake-secrets";
import { nextRunAfter, validateSchedule } from "@/lib/sweeps/schedule";

describe("validateSchedule", () => {
  it("returns the next run in the schedule's time zone", () => {
    const now = new Date("2026-03-28T12:00:00Z");
    expect(validateSchedule("0 3 * * *", "Europe/Paris", now).toISOString()).toBe("2026-03-29T01:00:00.000Z"); // 03:00 CEST, DST day
    expect(nextRunAfter("*/15 * * * *", "UTC", new Date("2026-01-01T00:07:00Z"))?.toISOString()).toBe("2026-01-01T00:15:00.000Z");
  });

  it("rejects a bad field with croner's message", () => {
    expect(() => validateSchedule("61 * * * *", "UTC")).toThrow('Invalid schedule "61 * * * *": Invalid value for minute: 61.');
  });

  it("rejects a schedule that can never fire", () => {
    expect(() => validateSchedule("0 0 30 2 *", "UTC")).toThrow(/never fires/);
  });

  it("rejects an unknown time zone up front", () => {
    expect(() => validateSchedule("0 * * * *", "Mars/Olympus")).toThrow('Unknown time zone "Mars/Olympus"');
  });

  it("never shows back a token pasted into the schedule or the time zone", () => {
    const token = createFakeSecrets(5151).planted.githubClassic().secret;
    for (const [expression, zone] of [[`${token}0 3 * * *`, "UTC"], ["0 3 * * *", token]]) {
      let message = "";
      try {
        validateSchedule(expression, zone);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^(Invalid schedule|Unknown time zone) "/);
      expect(message).not.toContain(token);
      expect(message).toContain("ghp_…");
    }
  });
});
