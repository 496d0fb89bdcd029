// The call's timeline as an iCalendar file, for people to add to their own calendars.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireVisibleEvent } from "~/auth/guards.server";
import { publicOrigin } from "~/config.server";
import { timelineCalendar } from "~/domain/calls";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireVisibleEvent(request, params.slug);
  const origin = publicOrigin();
  const body = timelineCalendar(event, {
    url: `${origin}/events/${event.slug}`,
    generatedAt: new Date(),
    host: new URL(origin).host,
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${event.slug}.ics"`,
      "Cache-Control": "no-cache",
    },
  });
}
