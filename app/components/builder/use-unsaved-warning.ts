import { useEffect } from "react";

/**
 * While the form holds changes not yet saved, leaving the page (closing the
 * tab, reloading, typing another address) asks first, so a half-written
 * campaign is not lost by accident.
 */
export function useUnsavedWarning(unsaved: boolean) {
  useEffect(() => {
    if (!unsaved) return;
    const ask = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers ask only when returnValue is set.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", ask);
    return () => window.removeEventListener("beforeunload", ask);
  }, [unsaved]);
}
