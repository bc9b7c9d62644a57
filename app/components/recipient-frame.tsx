import type { ReactNode } from "react";

/** The recipient pages: the shop's name, no dashboard chrome, readable on a phone. */
export function RecipientFrame(props: { shopName: string; postalAddress: string; children: ReactNode }) {
  return (
    <div className="recipient">
      <header>{props.shopName}</header>
      <main id="main">{props.children}</main>
      <footer>
        {props.shopName} · {props.postalAddress}
        <br />
        Emails from {props.shopName} are sent with Tactful, which always tells you why.
      </footer>
    </div>
  );
}
