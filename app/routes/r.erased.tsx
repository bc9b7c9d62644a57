import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [
  { title: "Your data has been erased" },
  { name: "robots", content: "noindex" },
];

export default function Erased() {
  return (
    <div className="recipient">
      <main id="main">
        <h1>Your data has been erased</h1>
        <p>
          Your details, orders and emails are gone. A scrambled fingerprint of your email address is kept only
          so that you are never emailed again. The shop has been told that you asked.
        </p>
      </main>
    </div>
  );
}
