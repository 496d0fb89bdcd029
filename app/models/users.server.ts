// Accounts: sign-up, email verification, sign-in, password reset and change, and the
// platform administrator role.
import { and, asc, eq, gt, sql } from "drizzle-orm";
import { hashPassword, verifyDecoyPassword, verifyPassword } from "~/auth/passwords.server";
import { endOtherSessions } from "~/auth/session.server";
import { newLinkToken, hashSecret } from "~/auth/tokens";
import { publicOrigin } from "~/config.server";
import { getDb, inTransaction, type Queryable } from "~/db/client.server";
import { users, userTokens, type User } from "~/db/schema";
import { acceptInvitations } from "~/models/invitations.server";
import { recordAudit } from "~/services/audit.server";
import { enqueueEmail } from "~/services/email.server";

const VERIFY_EMAIL_TTL_MS = 48 * 60 * 60 * 1000;
// Any fixed number, distinct from the migration lock's.
const FIRST_RUN_LOCK_ID = 727_002;
export const RESET_PASSWORD_TTL_MS = 60 * 60 * 1000;

export async function findUserByEmail(email: string, db: Queryable = getDb()): Promise<User | null> {
  const [user] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return user ?? null;
}

export async function countUsers(): Promise<number> {
  const [row] = await getDb()
    .select({ count: sql<number>`count(*)::int` })
    .from(users);
  return row?.count ?? 0;
}

async function issueLinkToken(
  db: Queryable,
  userId: string,
  purpose: "verify_email" | "reset_password",
  ttlMs: number,
): Promise<string> {
  // A new link replaces any earlier one of the same kind.
  await db.delete(userTokens).where(and(eq(userTokens.userId, userId), eq(userTokens.purpose, purpose)));
  const { token, tokenHash } = newLinkToken();
  await db.insert(userTokens).values({ tokenHash, userId, purpose, expiresAt: new Date(Date.now() + ttlMs) });
  return token;
}

async function sendVerificationEmail(db: Queryable, user: Pick<User, "id" | "email" | "name">) {
  const appUrl = publicOrigin();
  const token = await issueLinkToken(db, user.id, "verify_email", VERIFY_EMAIL_TTL_MS);
  await enqueueEmail(db, {
    to: user.email,
    subject: "Confirm your email address",
    text: `Hello ${user.name},\n\nConfirm your email address to finish creating your account:\n\n${appUrl}/verify-email?token=${token}\n\nThe link works once and expires in 48 hours. If you did not create an account, you can ignore this email.`,
  });
}

/**
 * Creates an unverified account and emails a confirmation link. When the address already has an
 * account, that owner is told by email instead, so the page never reveals who has an account.
 */
export async function signUp(input: { name: string; email: string; password: string }): Promise<void> {
  const appUrl = publicOrigin();
  const passwordHash = await hashPassword(input.password);
  await inTransaction(async (tx) => {
    const [created] = await tx
      .insert(users)
      .values({ name: input.name, email: input.email, passwordHash })
      .onConflictDoNothing({ target: users.email })
      .returning();
    if (created) {
      await sendVerificationEmail(tx, created);
      return;
    }
    await enqueueEmail(tx, {
      to: input.email,
      subject: "You already have an account",
      text: `Someone, probably you, tried to create an account with this email address, but you already have one.\n\nSign in at ${appUrl}/login, or reset your password at ${appUrl}/forgot-password.\n\nIf it was not you, you can ignore this email.`,
    });
  });
}

export async function resendVerification(user: User): Promise<void> {
  if (user.emailVerifiedAt) return;
  await inTransaction((tx) => sendVerificationEmail(tx, user));
}

/** Consumes a link token: valid once, before it expires. */
async function consumeLinkToken(
  db: Queryable,
  token: string,
  purpose: "verify_email" | "reset_password",
): Promise<string | null> {
  const [row] = await db
    .delete(userTokens)
    .where(
      and(
        eq(userTokens.tokenHash, hashSecret(token)),
        eq(userTokens.purpose, purpose),
        gt(userTokens.expiresAt, new Date()),
      ),
    )
    .returning({ userId: userTokens.userId });
  return row?.userId ?? null;
}

export async function verifyEmail(token: string): Promise<User | null> {
  return inTransaction(async (tx) => {
    const userId = await consumeLinkToken(tx, token, "verify_email");
    if (!userId) return null;
    const [user] = await tx
      .update(users)
      .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` })
      .where(eq(users.id, userId))
      .returning();
    if (!user) return null;
    // A confirmed address is what an invitation to a role waits for.
    await acceptInvitations(tx, user);
    return user;
  });
}

/** The user when the password is right. An unknown address takes as long as a wrong password. */
export async function authenticate(email: string, password: string): Promise<User | null> {
  const user = await findUserByEmail(email);
  if (!user) {
    await verifyDecoyPassword(password);
    return null;
  }
  return (await verifyPassword(user.passwordHash, password)) ? user : null;
}

/** Emails a reset link when the address has an account; says nothing either way. */
export async function requestPasswordReset(email: string): Promise<void> {
  const appUrl = publicOrigin();
  await inTransaction(async (tx) => {
    const user = await findUserByEmail(email, tx);
    if (!user) return;
    const token = await issueLinkToken(tx, user.id, "reset_password", RESET_PASSWORD_TTL_MS);
    await enqueueEmail(tx, {
      to: user.email,
      subject: "Reset your password",
      text: `Hello ${user.name},\n\nUse this link to choose a new password:\n\n${appUrl}/reset-password?token=${token}\n\nThe link works once and expires in 1 hour. If you did not ask to reset your password, you can ignore this email: your password has not changed.`,
    });
  });
}

/** True when the link was valid. Ends every session: whoever knew the old password is out. */
export async function resetPassword(token: string, newPassword: string): Promise<boolean> {
  const passwordHash = await hashPassword(newPassword);
  return inTransaction(async (tx) => {
    const userId = await consumeLinkToken(tx, token, "reset_password");
    if (!userId) return false;
    const [user] = await tx
      .update(users)
      .set({
        passwordHash,
        passwordChangedAt: new Date(),
        // Following the emailed link proves the address, as verification does.
        emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`,
      })
      .where(eq(users.id, userId))
      .returning({ id: users.id, email: users.email });
    await acceptInvitations(tx, user!);
    await endOtherSessions(userId, null, tx);
    return true;
  });
}

export async function isResetTokenUsable(token: string): Promise<boolean> {
  const [row] = await getDb()
    .select({ userId: userTokens.userId })
    .from(userTokens)
    .where(
      and(
        eq(userTokens.tokenHash, hashSecret(token)),
        eq(userTokens.purpose, "reset_password"),
        gt(userTokens.expiresAt, new Date()),
      ),
    );
  return Boolean(row);
}

/** Changes the password after checking the current one, and ends the user's other sessions. */
export async function changePassword(
  user: User,
  currentSessionId: string,
  currentPassword: string,
  newPassword: string,
): Promise<boolean> {
  if (!(await verifyPassword(user.passwordHash, currentPassword))) return false;
  const passwordHash = await hashPassword(newPassword);
  await inTransaction(async (tx) => {
    await tx.update(users).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(users.id, user.id));
    await endOtherSessions(user.id, currentSessionId, tx);
  });
  return true;
}

/**
 * The first-run offer: while no administrator exists, the very first account may take the role.
 * Claims take turns under a transaction lock, so of several racing claims exactly one wins.
 */
export async function claimFirstRunAdministrator(userId: string): Promise<boolean> {
  return inTransaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${FIRST_RUN_LOCK_ID})`);
    const claimed = await tx
      .update(users)
      .set({ isAdmin: true })
      .where(
        and(
          eq(users.id, userId),
          sql`not exists (select 1 from ${users} where ${users.isAdmin})`,
          sql`${users.id} = (select id from ${users} order by created_at, id limit 1)`,
        ),
      )
      .returning({ id: users.id });
    if (claimed.length === 0) return false;
    await recordAudit(tx, {
      actorUserId: userId,
      action: "administrator.first_run_claimed",
      subjectType: "user",
      subjectId: userId,
      before: { isAdmin: false },
      after: { isAdmin: true },
    });
    return true;
  });
}

export async function isFirstRunOffered(userId: string): Promise<boolean> {
  const db = getDb();
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.isAdmin, true)).limit(1);
  if (admin) return false;
  const [first] = await db.select({ id: users.id }).from(users).orderBy(asc(users.createdAt), asc(users.id)).limit(1);
  return first?.id === userId;
}

export async function hasAdministrator(): Promise<boolean> {
  const [admin] = await getDb().select({ id: users.id }).from(users).where(eq(users.isAdmin, true)).limit(1);
  return Boolean(admin);
}

export async function listUsers() {
  return getDb()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      isAdmin: users.isAdmin,
      emailVerifiedAt: users.emailVerifiedAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .orderBy(asc(users.createdAt));
}

/**
 * Makes a user an administrator or takes the role away. Only an administrator may call this
 * (the route's guard), and the last administrator cannot remove themselves.
 */
export async function setAdministrator(
  actor: User,
  targetUserId: string,
  isAdmin: boolean,
): Promise<"changed" | "unchanged" | "last-administrator" | "not-found"> {
  return inTransaction(async (tx) => {
    // Lock the administrators so two removals at once cannot leave nobody.
    const admins = await tx.select({ id: users.id }).from(users).where(eq(users.isAdmin, true)).for("update");
    const [target] = await tx.select().from(users).where(eq(users.id, targetUserId)).for("update");
    if (!target) return "not-found";
    if (target.isAdmin === isAdmin) return "unchanged";
    if (!isAdmin && admins.length <= 1) return "last-administrator";
    await tx.update(users).set({ isAdmin }).where(eq(users.id, targetUserId));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: isAdmin ? "administrator.granted" : "administrator.removed",
      subjectType: "user",
      subjectId: targetUserId,
      before: { isAdmin: target.isAdmin },
      after: { isAdmin },
    });
    return "changed";
  });
}
