// One screenshot of an entry, for those allowed to see it (see screenshotFor).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { eventRolesOf, notFound, requireVisibleEvent } from "~/auth/guards.server";
import { galleryOpen } from "~/domain/phases";
import { screenshotFor } from "~/models/submissions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, user } = await requireVisibleEvent(request, params.slug);
  const id = z.string().uuid().safeParse(params.id);
  if (!id.success) notFound("There is no screenshot at this address.");
  const roles = user ? await eventRolesOf(user.id, event.id) : new Set();
  const staff = Boolean(user?.isAdmin) || roles.has("organiser") || roles.has("judge");
  const screenshot = await screenshotFor(event, id.data, {
    userId: user?.id ?? null,
    staff,
    galleryOpen: galleryOpen(event.status, event, new Date()),
  });
  // The same answer whether it does not exist or is not theirs to see.
  if (!screenshot) notFound("There is no screenshot at this address.");
  // A copy typed as plain ArrayBuffer-backed bytes, which Response accepts.
  return new Response(new Uint8Array(screenshot.bytes), {
    headers: {
      "Content-Type": screenshot.contentType,
      "Content-Length": String(screenshot.bytes.byteLength),
      "Cache-Control": "private, max-age=300",
      "X-Content-Type-Options": "nosniff",
      "Content-Disposition": "inline",
    },
  });
}
