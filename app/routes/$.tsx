// Any address that matches no page: the 404 page inside the layout.
import { notFound } from "~/auth/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export async function loader() {
  notFound();
}

export async function action() {
  notFound();
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
