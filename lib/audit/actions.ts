/**
 * Every kind of event the audit log records. A new kind is added here first, so the filter on the audit
 * page and the CSV export know it.
 */
export const AUDIT_ACTIONS = [
  "auth.sign_in",
  "auth.sign_out",
  "auth.password_change",
  "user.create",
  "user.update",
  "user.disable",
  "user.enable",
  "user.delete",
  "user.password_reset",
  "source.create",
  "source.update",
  "source.delete",
  "sweep.run",
  "sweep.cancel",
  "sweep.push",
  "finding.accept",
  "finding.reopen",
  "token.create",
  "token.use",
  "token.revoke",
  "audit.export",
  "access.denied",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
