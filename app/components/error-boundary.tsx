// The one error boundary. Each route may pass its own handlers per status, so that a 403 and a
// 404 read like sentences; anything unexpected shows a friendly page with no internals.
import { isRouteErrorResponse, useRouteError, type ErrorResponse } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";

type StatusHandler = (error: ErrorResponse) => ReactNode;

function messageOf(error: ErrorResponse): string | null {
  const payload = error.data as unknown;
  if (payload && typeof payload === "object" && "message" in payload && typeof payload.message === "string") {
    return payload.message;
  }
  return typeof payload === "string" && payload.length > 0 ? payload : null;
}

const defaultHandlers: Record<number, StatusHandler> = {
  403: (error) => (
    <>
      <h1>You do not have permission to see this page</h1>
      <p>{messageOf(error) ?? "Your account does not have the role this page needs."}</p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </>
  ),
  404: (error) => (
    <>
      <h1>Page not found</h1>
      <p>
        {messageOf(error) && messageOf(error) !== "Page not found"
          ? messageOf(error)
          : "If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address."}
      </p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </>
  ),
  429: (error) => (
    <>
      <h1>Too many attempts</h1>
      <p>{messageOf(error) ?? "Wait a few minutes and try again."}</p>
      <p>
        If you have forgotten your password, <a href="/forgot-password">reset your password</a> instead of trying again.
      </p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </>
  ),
  // The database cannot be reached (server/index.ts): the NHS service manual's "service unavailable" page.
  503: () => (
    <>
      <h1>Sorry, the service is unavailable</h1>
      <p>Try again in a few minutes.</p>
      <p>
        If you were saving something, it may not have been saved. Once the service is working again, go back and check
        it.
      </p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </>
  ),
};

function Unexpected() {
  return (
    <>
      <h1>Sorry, there is a problem with the service</h1>
      <p>Try again later. Nothing you did caused this, and the team has been told.</p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </>
  );
}

export function GeneralErrorBoundary({ statusHandlers }: { statusHandlers?: Record<number, StatusHandler> }) {
  const error = useRouteError();
  const expected = isRouteErrorResponse(error) && (error.status < 500 || error.status === 503);
  useEffect(() => {
    // A 403, 404, 429 or 503 is an answer, not a fault (the server has logged the outage behind a
    // 503); only the unexpected is worth a console error.
    if (!expected) console.error(error);
  }, [error, expected]);
  if (isRouteErrorResponse(error)) {
    const handler = statusHandlers?.[error.status] ?? defaultHandlers[error.status];
    if (handler) return <>{handler(error)}</>;
    if (error.status < 500) {
      return (
        <>
          <h1>
            {error.status === 400 ? "There is a problem with your request" : "This request could not be completed"}
          </h1>
          <p>{messageOf(error) ?? "Go back and try again."}</p>
        </>
      );
    }
  }
  return <Unexpected />;
}
