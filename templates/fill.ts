import {
  Drop,
  filters,
  ForTag,
  IfTag,
  isFalsy,
  Output,
  TypeGuards,
  UnlessTag,
  type Liquid,
  type Template,
  type Token,
  type Value,
} from "liquidjs";
import { TEMPLATE_LIMITS } from "./liquid";

// liquidjs renders through nested generators, which costs more per recipient
// than everything else in a draft. The fields owners write use a handful of
// constructs (text, a field with an optional default, for, if, unless), so a
// parsed template made only of those is turned, once per campaign, into plain
// functions that compute exactly what liquidjs would. Anything else, and any
// value they are not sure of (a missing field, a function, a Drop, an object
// or a list printed whole), makes them give up for that field and recipient: the caller then renders it
// with liquidjs, so the output and the errors stay liquidjs's own.

class Loop {
  constructor(
    readonly variable: string,
    readonly item: unknown,
    readonly index: number,
    readonly length: number,
    readonly outer: Loop | null,
  ) {}
}
// Loops are counted across a whole fill. Past this many turns, or past the
// output limit, the fill gives up and liquidjs renders the field under its
// time and memory limits: nested loops over a long list stay bounded too.
const MAX_TURNS = 10_000;
type Lookup = { vars: object; loop: Loop | null; turns: { count: number } };

/** The field's text, or undefined when liquidjs must render it. */
export type Fill = (vars: object) => string | undefined;

const GIVE_UP = Symbol("give up");
type Read = unknown;
type Part = (scope: Lookup) => string | typeof GIVE_UP;

// What liquidjs's forloop object answers.
const FORLOOP: Record<string, (loop: Loop) => number | boolean> = {
  first: (l) => l.index === 0,
  last: (l) => l.index === l.length - 1,
  index: (l) => l.index + 1,
  index0: (l) => l.index,
  rindex: (l) => l.length - l.index,
  rindex0: (l) => l.length - l.index - 1,
  length: (l) => l.length,
};

// liquidjs reads "size", "first" and "last" specially, calls functions, and
// under strictVariables fails on a field that is not there (undefined).
const SPECIAL_KEYS = new Set(["size", "first", "last"]);

function readProperty(object: unknown, key: string): Read {
  if (object instanceof Loop) return Object.hasOwn(FORLOOP, key) ? FORLOOP[key](object) : GIVE_UP;
  if (object === null) return null;
  if (typeof object !== "object" || Array.isArray(object) || object instanceof Drop || "toLiquid" in object)
    return GIVE_UP;
  if (SPECIAL_KEYS.has(key) || !Object.hasOwn(object, key)) return GIVE_UP;
  const value = (object as Record<string, unknown>)[key];
  return value === undefined || typeof value === "function" ? GIVE_UP : value;
}

function readName(scope: Lookup, name: string): Read {
  for (let loop = scope.loop; loop; loop = loop.outer) {
    if (loop.variable === name) return loop.item === undefined ? GIVE_UP : loop.item;
    if (name === "forloop") return loop;
  }
  return readProperty(scope.vars, name);
}

type Path = (scope: Lookup) => Read;

function compilePath(token: Token): Path | null {
  if (!TypeGuards.isPropertyAccessToken(token) || token.variable) return null;
  const keys: string[] = [];
  for (const prop of token.props) {
    if (!TypeGuards.isWordToken(prop) && !TypeGuards.isQuotedToken(prop)) return null;
    keys.push(prop.content);
  }
  const [name, ...rest] = keys;
  return (scope) => {
    let value = readName(scope, name);
    for (const key of rest) {
      if (value === GIVE_UP) return GIVE_UP;
      value = readProperty(value, key);
    }
    return value;
  };
}

// The value of `path` or `path | default: "text"`, the only filter supported.
function compileValue(value: Value): Path | null {
  if (value.initial.postfix.length !== 1) return null;
  const path = compilePath(value.initial.postfix[0]);
  if (!path || value.filters.length > 1) return null;
  if (value.filters.length === 0) return path;
  const [filter] = value.filters;
  const [fallback, ...others] = filter.args;
  if (filter.name !== "default" || others.length > 0 || Array.isArray(fallback)) return null;
  if (!fallback || !TypeGuards.isQuotedToken(fallback)) return null;
  const text = fallback.content;
  return (scope) => {
    const v = path(scope);
    if (typeof v === "string") return v.length ? v : text;
    if (v === null || v === false) return text;
    return typeof v === "number" || v === true ? v : GIVE_UP;
  };
}

function stringify(value: Read): string | typeof GIVE_UP {
  if (typeof value === "string") return value;
  if (value === null) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return GIVE_UP;
}

// Liquid's truth with jsTruthy off: only false and nil are false.
function truth(value: Read): boolean | typeof GIVE_UP {
  if (value === GIVE_UP || value instanceof Drop) return GIVE_UP;
  return value !== false && value !== null;
}

function compileBranches(
  branches: { value: Value; templates: Template[]; test?: unknown }[],
  otherwise: Template[],
): Part | null {
  const compiled: { condition: Path; body: Part; wanted: boolean }[] = [];
  for (const branch of branches) {
    const condition = compileValue(branch.value);
    const body = compileAll(branch.templates);
    if (!condition || !body) return null;
    compiled.push({ condition, body, wanted: branch.test !== isFalsy });
  }
  const fallback = compileAll(otherwise);
  if (!fallback) return null;
  return (scope) => {
    for (const { condition, body, wanted } of compiled) {
      const t = truth(condition(scope));
      if (t === GIVE_UP) return GIVE_UP;
      if (t === wanted) return body(scope);
    }
    return fallback(scope);
  };
}

function compileFor(tag: ForTag): Part | null {
  const collection = compilePath(tag.collection);
  const body = compileAll(tag.templates);
  const otherwise = compileAll(tag.elseTemplates);
  if (!collection || !body || !otherwise || Object.keys(tag.hash.hash).length > 0) return null;
  const variable = tag.variable;
  return (scope) => {
    const items = collection(scope);
    if (items === null) return otherwise(scope);
    if (!Array.isArray(items)) return GIVE_UP;
    if (items.length === 0) return otherwise(scope);
    let out = "";
    for (let index = 0; index < items.length; index++) {
      if (++scope.turns.count > MAX_TURNS || out.length > TEMPLATE_LIMITS.output) return GIVE_UP;
      const loop = new Loop(variable, items[index], index, items.length, scope.loop);
      const text = body({ vars: scope.vars, loop, turns: scope.turns });
      if (text === GIVE_UP) return GIVE_UP;
      out += text;
    }
    return out;
  };
}

function compileNode(node: Template): Part | null {
  if (TypeGuards.isHTMLToken(node.token)) {
    const text = node.token.getContent();
    return () => text;
  }
  if (node instanceof Output) {
    const value = compileValue(node.value);
    return value && ((scope) => stringify(value(scope)));
  }
  if (node instanceof ForTag) return compileFor(node);
  if (node instanceof IfTag) return compileBranches(node.branches, node.elseTemplates ?? []);
  if (node instanceof UnlessTag) return compileBranches(node.branches, node.elseTemplates);
  return null;
}

function compileAll(templates: Template[]): Part | null {
  const parts: Part[] = [];
  for (const node of templates) {
    const part = compileNode(node);
    if (!part) return null;
    parts.push(part);
  }
  return (scope) => {
    let out = "";
    for (const part of parts) {
      const text = part(scope);
      if (text === GIVE_UP) return GIVE_UP;
      out += text;
    }
    return out;
  };
}

/**
 * A fast fill for a parsed field, or null when it uses anything beyond the
 * supported constructs (or the engine does not read truth as Liquid does).
 */
export function compileFill(engine: Liquid, templates: Template[]): Fill | null {
  if (engine.options.jsTruthy || engine.filters.default !== filters.default) return null;
  const all = compileAll(templates);
  if (!all) return null;
  return (vars) => {
    const text = all({ vars, loop: null, turns: { count: 0 } });
    return text === GIVE_UP ? undefined : text;
  };
}
