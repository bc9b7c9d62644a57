import { useActionData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";

/** Reloads the route's data about every second while `active`, never overlapping two loads. */
export function usePolling(active: boolean) {
  const { revalidate, state } = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => state === "idle" && revalidate(), 1000);
    return () => clearInterval(timer);
  }, [active, revalidate, state]);
}

type Kept = { data: unknown; error: string | null; key: unknown };

const errorOf = (data: unknown) =>
  typeof data === "object" && data !== null && "error" in data && typeof data.error === "string"
    ? data.error
    : null;

/**
 * The last action's error, kept until the owner submits again or `key` (the
 * page's subject) changes. Every reload of the route's data, as polling does,
 * empties useActionData, which would hide an error a second after it showed.
 */
export function useKeptActionError(key: unknown): string | null {
  const data = useActionData<unknown>();
  const submitting = useNavigation().state === "submitting";
  const [kept, setKept] = useState<Kept>({ data, error: errorOf(data), key });
  let next = kept;
  if (data !== undefined && data !== kept.data) next = { data, error: errorOf(data), key };
  else if (key !== kept.key || (submitting && kept.error !== null)) next = { ...kept, error: null, key };
  if (next !== kept) setKept(next);
  return next.error;
}
