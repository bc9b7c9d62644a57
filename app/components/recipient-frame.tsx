import type { CSSProperties, ReactNode } from "react";

/** The recipient pages: the shop's name, no dashboard chrome, readable on a phone. */
export function RecipientFrame(props: {
  shopName: string;
  brandColor: string;
  postalAddress: string;
  children: ReactNode;
}) {
  const brand = { "--accent": props.brandColor, "--accent-strong": props.brandColor } as CSSProperties;
  return (
    <div className="recipient" style={brand}>
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
