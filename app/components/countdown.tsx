// The time left until a deadline: rendered by the server, then kept current in the browser.
import { useEffect, useState } from "react";
import { timeRemaining } from "~/domain/time";

export function Countdown({ until, initial }: { until: string; initial: string | null }) {
  const [remaining, setRemaining] = useState(initial);
  useEffect(() => {
    const tick = () => setRemaining(timeRemaining(new Date(), new Date(until)));
    const timer = setInterval(tick, 30_000);
    return () => clearInterval(timer);
  }, [until]);
  return remaining ? <> (in {remaining})</> : null;
}
