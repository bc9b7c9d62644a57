import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";

/** Reloads the route's data about every second while `active`, never overlapping two loads. */
export function usePolling(active: boolean) {
  const { revalidate, state } = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => state === "idle" && revalidate(), 1000);
    return () => clearInterval(timer);
  }, [active, revalidate, state]);
}
