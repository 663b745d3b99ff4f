import type { Metadata } from "next";
import { ActionForm } from "@/components/ui/action-form";
import { getRouteDeps } from "@/lib/api/route-deps";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { requirePageAccess } from "@/lib/auth/require-page-access";
import { countLiveSessionsByUser, listUsers } from "@/lib/db/queries/users";
import { USER_ROLES } from "@/lib/db/schema";
import { createUserAction, deleteUserAction, resetPasswordAction, setUserDisabledAction, updateUserAction } from "./actions";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

const ROLE_HELP = "viewer reads; analyst also runs sweeps and accepts findings; admin also manages users, sources and tokens.";

function RoleFields({ role, approver, idSuffix }: { role: string; approver: boolean; idSuffix: string }) {
  return (
    <>
      <label className="inline-field">
        Role
        <select name="role" defaultValue={role} aria-label={`Role ${idSuffix}`}>
          {USER_ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-check">
        <input type="checkbox" name="approver" defaultChecked={approver} aria-label={`Approver ${idSuffix}`} /> approver
      </label>
    </>
  );
}

export default async function UsersPage() {
  const me = await requirePageAccess("/users");
  const { db } = await getRouteDeps();
  const [users, sessions] = [await listUsers(db), await countLiveSessionsByUser(db)];
  return (
    <>
      <h1>Users</h1>
      <p className="subtitle">{ROLE_HELP} An approver (analyst or admin) may approve the destructive calls the runtime guard holds.</p>

      <section className="panel" aria-labelledby="new-user-heading">
        <h2 id="new-user-heading">New user</h2>
        <ActionForm action={createUserAction} label="New user">
          <div className="form-row">
            <label>
              Username
              <input name="username" autoComplete="off" required maxLength={64} />
            </label>
            <label>
              Password
              <input name="password" type="password" autoComplete="new-password" required minLength={MIN_PASSWORD_LENGTH} placeholder={`${MIN_PASSWORD_LENGTH}+ characters`} />
            </label>
            <RoleFields role="viewer" approver={false} idSuffix="of the new user" />
            <button className="button small" type="submit">
              Create user
            </button>
          </div>
        </ActionForm>
      </section>

      <div className="table-scroll panel" style={{ marginTop: "1rem" }}>
        <table aria-label="Users">
          <thead>
            <tr>
              <th>User</th>
              <th>Role</th>
              <th>Status</th>
              <th className="num">Sessions</th>
              <th>Manage</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => {
              const self = user.id === me.id;
              return (
                <tr key={user.id} data-username={user.username}>
                  <td>
                    <strong className="loc">{user.username}</strong>
                    {self ? <span className="muted small"> (you)</span> : null}
                    <div className="muted small">{user.authProvider === "oidc" ? "single sign-on" : "password"} · since {user.createdAt.toLocaleDateString()}</div>
                  </td>
                  <td>
                    {user.role}
                    {user.approver ? <span className="tag"> approver</span> : null}
                  </td>
                  <td>{user.disabledAt ? <span className="badge open">disabled</span> : <span className="badge resolved">active</span>}</td>
                  <td className="num">{sessions.get(user.id) ?? 0}</td>
                  <td>
                    <ActionForm action={updateUserAction} label={`Role of ${user.username}`} className="form-row">
                      <input type="hidden" name="userId" value={user.id} />
                      <RoleFields role={user.role} approver={user.approver} idSuffix={`of ${user.username}`} />
                      <button className="button secondary small" type="submit">
                        Save role
                      </button>
                    </ActionForm>
                    {self ? null : (
                      <div className="form-row" style={{ marginTop: "0.4rem" }}>
                        <ActionForm action={setUserDisabledAction} label={`${user.disabledAt ? "Enable" : "Disable"} ${user.username}`}>
                          <input type="hidden" name="userId" value={user.id} />
                          <input type="hidden" name="disabled" value={user.disabledAt ? "0" : "1"} />
                          <button className="button secondary small" type="submit">
                            {user.disabledAt ? "Enable" : "Disable"}
                          </button>
                        </ActionForm>
                        {user.authProvider === "password" ? (
                          <details>
                            <summary className="small">Reset password</summary>
                            <ActionForm action={resetPasswordAction} label={`Reset the password of ${user.username}`} className="form-row">
                              <input type="hidden" name="userId" value={user.id} />
                              <input name="password" type="password" autoComplete="new-password" aria-label={`New password for ${user.username}`} minLength={MIN_PASSWORD_LENGTH} required />
                              <button className="button secondary small" type="submit">
                                Set password
                              </button>
                            </ActionForm>
                          </details>
                        ) : null}
                        <details>
                          <summary className="small">Delete</summary>
                          <ActionForm action={deleteUserAction} label={`Delete ${user.username}`} className="form-row">
                            <input type="hidden" name="userId" value={user.id} />
                            <label className="inline-check small">
                              <input type="checkbox" name="confirm" /> delete {user.username} for good
                            </label>
                            <button className="button secondary small" type="submit">
                              Delete user
                            </button>
                          </ActionForm>
                        </details>
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
