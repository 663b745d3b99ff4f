/** The first-run admin password the e2e server is started with (a throwaway, local test value). */
export const E2E_ADMIN_PASSWORD = "e2e-admin-password-not-secret";
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
