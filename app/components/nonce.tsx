import { createContext, useContext } from "react";

/** The nonce of this response's inline scripts, set by entry.server.tsx; empty in the browser. */
export const NonceContext = createContext("");

export const useNonce = () => useContext(NonceContext);
