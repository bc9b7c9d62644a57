// Links that carry a secret in their path: recipient pages, invitations,
// password resets. Access logs keep the page, never the token.
const SECRET_PATH = /^(\/(?:r\/[\w-]+|invite|reset-password)\/)[^/?#]+/;

export const redactPath = (url: string) => url.replace(SECRET_PATH, "$1…");
