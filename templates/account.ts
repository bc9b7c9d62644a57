import { withoutBidiControls } from "./bidi";
import { escapeHtml, FONT } from "./html";

export type AccountMail = { subject: string; text: string; html: string };

function render(input: { subject: string; paragraphs: string[]; action: string; link: string }): AccountMail {
  const paragraphs = input.paragraphs
    .map((p) => `<p style="margin:0 0 16px;font:16px/1.6 ${FONT};color:#1f2a27">${escapeHtml(p)}</p>`)
    .join("");
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(input.subject)}</title></head>
<body style="margin:0;padding:24px 12px;background:#f6f4ef">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px 28px">
${paragraphs}
<p style="margin:0 0 16px"><a href="${escapeHtml(input.link)}" style="font:600 16px/1.4 ${FONT};color:#2f5d50">${escapeHtml(input.action)}</a></p>
</div></body></html>`;
  const text = [...input.paragraphs, `${input.action}: ${input.link}`].join("\n\n");
  return { subject: input.subject, text, html };
}

/** The email that invites someone to join a shop's team. Names come from people: escaped, never markup. */
export function inviteMail(input: {
  shopName: string;
  inviterName: string;
  role: "owner" | "staff";
  link: string;
  expiresInDays: number;
}): AccountMail {
  const inviter = withoutBidiControls(input.inviterName);
  const shop = withoutBidiControls(input.shopName);
  return render({
    subject: `${inviter} invited you to ${shop} on Tactful`,
    paragraphs: [
      `${inviter} has invited you to join ${shop} on Tactful as ${input.role === "owner" ? "an owner" : "staff"}.`,
      `Choose your password with the link below. It works once, for ${input.expiresInDays} days. If you did not expect this, ignore this email.`,
    ],
    action: "Accept the invitation",
    link: input.link,
  });
}

export function confirmSignupMail(input: {
  shopName: string;
  link: string;
  expiresInHours: number;
}): AccountMail {
  return render({
    subject: "Confirm your address to create your shop on Tactful",
    paragraphs: [
      `Someone (we hope you) asked to create the shop ${withoutBidiControls(input.shopName)} on Tactful with this address.`,
      `Open the link below to finish. It works for ${input.expiresInHours} hours. If you did not ask, ignore this email: nothing is created.`,
    ],
    action: "Create my shop",
    link: input.link,
  });
}

/** Sent instead of a confirmation when the address has an account, so the sign-up form never says which addresses do. */
export function signupAttemptMail(input: { loginLink: string; resetLink: string }): AccountMail {
  return render({
    subject: "Someone tried to sign up to Tactful with your address",
    paragraphs: [
      "Someone (perhaps you) tried to create a new shop on Tactful with this address, which already has an account. Nothing was changed.",
      `To use your account, log in at ${input.loginLink}. If you have forgotten your password, choose a new one with the link below. If this was not you, ignore this email.`,
    ],
    action: "Choose a new password",
    link: input.resetLink,
  });
}

export function passwordResetMail(input: { link: string; expiresInMinutes: number }): AccountMail {
  return render({
    subject: "Reset your Tactful password",
    paragraphs: [
      "Someone (we hope you) asked to reset the password of your Tactful account.",
      `The link below works once, for ${input.expiresInMinutes} minutes. If you did not ask, ignore this email: your password stays as it is.`,
    ],
    action: "Choose a new password",
    link: input.link,
  });
}
