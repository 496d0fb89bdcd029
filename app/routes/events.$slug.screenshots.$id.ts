// One screenshot of an entry, for those allowed to see it (see screenshotFor).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { notFound, requireVisibleEvent } from "~/auth/guards.server";
import { galleryOpen } from "~/domain/phases";
import { scoringSheet } from "~/models/scoring.server";
import { screenshotFor } from "~/models/submissions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, user, roles } = await requireVisibleEvent(request, params.slug);
  const id = z.string().uuid().safeParse(params.id);
  if (!id.success) notFound("There is no screenshot at this address.");
  const screenshot = await screenshotFor(event, id.data, {
    userId: user?.id ?? null,
    staff: Boolean(user?.isAdmin) || roles.has("organiser"),
    galleryOpen: galleryOpen(event.status, event, new Date()),
    // A judge sees the entries they judge, as on their scoring pages, and no others.
    judges:
      user && roles.has("judge")
        ? async (submissionId) => (await scoringSheet(user, event, submissionId, null)) !== null
        : undefined,
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
