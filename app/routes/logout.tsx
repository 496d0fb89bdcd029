// Signing out deletes the session row, so the cookie is worthless even if a copy survives.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { clearedSessionCookieFor, endSession } from "~/auth/session.server";
import { getCurrentSession } from "~/auth/guards.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const current = await getCurrentSession(request);
  if (current) await endSession(current.session.id);
  return redirect("/", { headers: { "Set-Cookie": clearedSessionCookieFor(request) } });
}
