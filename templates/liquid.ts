import { CaptureTag, Liquid, type Context, type FS, type Template } from "liquidjs";

// Campaign text is Liquid written by anyone who can sign up, run in the web
// process (preview, save) and in the worker (drafting). These bound what one
// field may cost, well above any campaign an owner writes (a field holds at
// most 20,000 characters) and far below what would stall a process.
export const TEMPLATE_LIMITS = {
  /** Characters of one field's source. */
  parseLength: 50_000,
  /** Milliseconds for one render of one field. */
  renderMs: 250,
  /** Characters and list items one render may create, as liquidjs counts them (a range, append, a capture). */
  memory: 1_000_000,
  /** Characters of one filled-in field. */
  output: 100_000,
};

const FILE_TAGS = ["include", "render", "layout"];

const noFiles = (): never => {
  throw new Error("Campaign templates cannot read files.");
};

// liquidjs's default file system reads anything under the working directory,
// where the server keeps its secrets. This one answers nothing, so even a
// lookup that bypassed the refused tags finds no file.
const NO_FILES: FS = {
  exists: async () => noFiles(),
  existsSync: noFiles,
  readFile: async () => noFiles(),
  readFileSync: noFiles,
  resolve: noFiles,
  contains: async () => false,
  containsSync: () => false,
};

// liquidjs counts what ranges and filters create, not what a capture builds,
// so a capture that doubles itself in a loop would grow unchecked: its text
// is charged to the same limit.
class ChargedCapture extends CaptureTag {
  *render(ctx: Context): Generator<unknown, void, string> {
    yield* super.render(ctx);
    ctx.memoryLimit.use(String((ctx.bottom() as Record<string, unknown>)[this.variable]).length);
  }
}

/**
 * The engine every campaign template is parsed and rendered with. strictVariables
 * turns a misspelt field into an error at save time instead of a blank in every
 * customer's inbox; the rest keeps a template from reading files, walking
 * prototypes, or running away.
 */
export function createLiquid(): Liquid {
  const engine = new Liquid({
    strictVariables: true,
    strictFilters: true,
    jsTruthy: false,
    ownPropertyOnly: true,
    fs: NO_FILES,
    root: [],
    relativeReference: false,
    parseLimit: TEMPLATE_LIMITS.parseLength,
    renderLimit: TEMPLATE_LIMITS.renderMs,
    memoryLimit: TEMPLATE_LIMITS.memory,
  });
  for (const name of FILE_TAGS) {
    engine.registerTag(name, {
      parse() {
        throw new Error(`${name} is not available in campaign templates: they cannot read other files.`);
      },
      render() {},
    });
  }
  engine.registerTag("capture", ChargedCapture);
  return engine;
}

/** Throws when a filled-in field is longer than any email should be. Reading a string's length never copies it. */
export function withinOutputLimit(text: string): string {
  if (text.length > TEMPLATE_LIMITS.output) throw new Error("output limit exceeded");
  return text;
}

/** Renders parsed templates, within every limit. */
export function renderLimited(engine: Liquid, templates: Template[], vars: object): string {
  return withinOutputLimit(engine.renderSync(templates, vars) as string);
}

const fmt = (n: number) => n.toLocaleString("en-GB");

// What liquidjs (and V8, for a string past its maximum) says, in the owner's words.
const LIMIT_MESSAGES: [RegExp, string][] = [
  [
    /^parse length limit exceeded/,
    `This text is too long to use as a template (at most ${fmt(TEMPLATE_LIMITS.parseLength)} characters).`,
  ],
  [
    /^memory alloc limit exceeded/,
    "This template would build too much text or too long a list (a loop over too big a range?).",
  ],
  [
    /^template render limit exceeded/,
    "This template takes too long to fill in (a loop that runs too many times?).",
  ],
  [
    /^(output limit exceeded|Invalid string length)/,
    `The filled-in text would be too long (at most ${fmt(TEMPLATE_LIMITS.output)} characters).`,
  ],
];

/** liquidjs's message for a hit limit, said for the owner; any other message as it is. */
export function explainLimit(message: string): string {
  return LIMIT_MESSAGES.find(([pattern]) => pattern.test(message))?.[1] ?? message;
}
