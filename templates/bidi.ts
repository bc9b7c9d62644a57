// Bidirectional embeddings, overrides and isolates (U+202A–U+202E,
// U+2066–U+2069). In a name they reorder what follows: "Ada\u202Egpj.exe"
// reads "Adaexe.jpg", and a subject or a dashboard line can be made to say
// something else. Right-to-left names need none of them; the marks
// U+200E/U+200F stay, as they cannot reverse a run of text.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** Text as it may go into a header, a plain-text line or the dashboard. */
export const withoutBidiControls = (text: string) => text.replace(BIDI_CONTROLS, "");
