import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { formatDate } from "~/components/dates";
import { Field } from "~/components/field";
import { env } from "~/env.server";
import { sendAccountMail } from "~/mail.server";
import {
  createInvite,
  INVITE_DAYS,
  removeMember,
  revokeInvite,
  teamOf,
  transferOwnership,
} from "~/models/account.server";
import { requireOwner, requireUser } from "~/session.server";
import { parseForm } from "~/utils/forms";
import { inviteMail } from "../../templates/account";

export const meta: MetaFunction = () => [{ title: "Team · Tactful" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, shop } = await requireUser(request);
  // INVITE_DAYS lives in a .server module, which the browser bundle does not have.
  return json({
    ...teamOf({ shopId: shop.id }),
    me: user.id,
    isOwner: user.role === "owner",
    inviteDays: INVITE_DAYS,
  });
}

const InviteSchema = z.object({
  email: z.string().trim().email("Enter the address to send the invitation to."),
});
const MemberSchema = z.object({
  memberId: z.coerce.number().int().positive(),
  confirm: z.literal("yes", { error: "Tick the box to confirm." }),
});

const notFound = () => new Response("Not found", { status: 404 });

export async function action({ request }: ActionFunctionArgs) {
  const { user, shop } = await requireOwner(request);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "invite") {
    const parsed = parseForm(InviteSchema, form);
    if (!parsed.ok) return json({ errors: parsed.errors, message: null }, { status: 400 });
    const invite = createInvite({ shopId: shop.id, userId: user.id, email: parsed.data.email });
    if (!invite.ok) return json({ errors: { email: invite.error }, message: null }, { status: 400 });
    const link = new URL(`/invite/${invite.token}`, env.PUBLIC_URL).href;
    try {
      await sendAccountMail(
        parsed.data.email,
        inviteMail({
          shopName: shop.name,
          inviterName: user.name,
          role: "staff",
          link,
          expiresInDays: INVITE_DAYS,
        }),
        { invite: { shopId: shop.id } },
      );
    } catch {
      revokeInvite({ shopId: shop.id, inviteId: invite.id });
      const form = "The invitation email could not be sent. Check the mail server and try again.";
      return json({ errors: { form }, message: null }, { status: 503 });
    }
    return json({ errors: {}, message: `Invitation sent to ${parsed.data.email}.` });
  }
  if (intent === "revoke") {
    const inviteId = Number(form.get("inviteId"));
    if (!Number.isInteger(inviteId) || !revokeInvite({ shopId: shop.id, inviteId })) throw notFound();
    return json({ errors: {}, message: "Invitation withdrawn." });
  }
  if (intent === "remove" || intent === "transfer") {
    const parsed = parseForm(MemberSchema, form);
    if (!parsed.ok) return json({ errors: parsed.errors, message: null }, { status: 400 });
    const input = { shopId: shop.id, ownerId: user.id, memberId: parsed.data.memberId };
    const done = intent === "remove" ? removeMember(input) : transferOwnership(input);
    if (!done) throw notFound();
    const message =
      intent === "remove"
        ? "Removed. They are signed out and can no longer log in."
        : "Ownership transferred. You are now staff.";
    return json({ errors: {}, message });
  }
  return json({ errors: { form: "That action is not available." }, message: null }, { status: 400 });
}

function MemberActions({ member }: { member: { id: number; name: string } }) {
  return (
    <details>
      <summary>Manage {member.name}</summary>
      <Form method="post" className="form">
        <CsrfInput />
        <input type="hidden" name="memberId" value={member.id} />
        <label className="checkbox">
          <input type="checkbox" name="confirm" value="yes" required />
          <span>I am sure. Removing signs them out at once; making them owner makes me staff.</span>
        </label>
        <div>
          <button className="btn" type="submit" name="intent" value="remove">
            Remove {member.name}
          </button>{" "}
          <button className="btn" type="submit" name="intent" value="transfer">
            Make {member.name} the owner
          </button>
        </div>
      </Form>
    </details>
  );
}

export default function Team() {
  const { members, invites, me, isOwner, inviteDays } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Partial<Record<string, string>> = result?.errors ?? {};
  return (
    <>
      <div className="page-head">
        <h1>Team</h1>
      </div>
      {result?.message ? (
        <p className="notice" role="status">
          {result.message}
        </p>
      ) : null}
      {errors.form ? (
        <p className="notice error" role="alert">
          {errors.form}
        </p>
      ) : null}
      <section className="card" aria-labelledby="people">
        <h2 id="people">People</h2>
        <p>
          The owner approves sending, changes settings and exports data. Staff build and review campaigns.
        </p>
        <div className="table-wrap">
          <table className="list">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Since</th>
                {isOwner ? <th scope="col">Manage</th> : null}
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.id}>
                  <td>
                    {m.name}
                    {m.id === me ? " (you)" : ""}
                  </td>
                  <td>{m.email}</td>
                  <td>{m.role === "owner" ? "Owner" : "Staff"}</td>
                  <td>{formatDate(m.since)}</td>
                  {isOwner ? <td>{m.id === me ? null : <MemberActions member={m} />}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {isOwner ? (
        <section className="card" aria-labelledby="invite">
          <h2 id="invite">Invite staff</h2>
          {invites.length === 0 ? (
            <p>No invitations waiting.</p>
          ) : (
            <ul>
              {invites.map((i) => (
                <li key={i.id}>
                  <Form method="post">
                    <CsrfInput />
                    <input type="hidden" name="inviteId" value={i.id} />
                    {i.email}, until {formatDate(i.expiresAt)}{" "}
                    <button className="btn-link" type="submit" name="intent" value="revoke">
                      Withdraw
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          )}
          <Form method="post" className="form" noValidate>
            <CsrfInput />
            <Field
              name="email"
              label="Email address"
              hint={`They get a link to choose a password. It works once, for ${inviteDays} days.`}
              error={errors.email}
            >
              {(aria) => <input {...aria} type="email" autoComplete="off" required />}
            </Field>
            <div>
              <button className="btn btn-primary" type="submit" name="intent" value="invite">
                Send invitation
              </button>
            </div>
          </Form>
        </section>
      ) : (
        <p className="notice warn">Only the shop&rsquo;s owner can invite or remove people.</p>
      )}
      <section className="card" aria-labelledby="sessions">
        <h2 id="sessions">Your sessions</h2>
        <p>Lost a device, or logged in on a shared computer? End every session, this one included.</p>
        <Form method="post" action="/logout">
          <CsrfInput />
          <input type="hidden" name="everywhere" value="yes" />
          <button className="btn" type="submit">
            Sign out everywhere
          </button>
        </Form>
      </section>
    </>
  );
}
