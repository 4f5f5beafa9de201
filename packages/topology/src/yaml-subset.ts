/**
 * A fast reader for the YAML that netloom writes and that people usually write: block mappings
 * and sequences, flow collections on one line, plain and quoted scalars on one line, literal
 * block scalars (`|`, `|-`, `|+`: how `yaml` writes multi-line text, such as a lesson's
 * Markdown), comments.
 * Anything else (anchors, aliases, tags, folded or multi-line flow scalars, a flow collection over
 * several lines, directives, document markers, tabs, a key twice, a scalar whose meaning is not
 * plainly a string, an integer or a decimal...) returns undefined, and the caller reads the text
 * with the `yaml` library instead. So whenever this returns a value, it is the value
 * `yaml.parse(text)` gives (YAML 1.2, core schema); yaml-subset.test.ts checks that on generated text.
 *
 * Why: `yaml` builds a syntax tree, then a document of nodes, then the plain value. For a star of
 * 500 namespaces (1000 lines) that took 150 ms of a CLI run on a slow machine and caused most of
 * its garbage collections. This reader makes the value directly, and leaves the scanning of
 * characters to regular expressions (native code), because the CLI runs it once, cold, where
 * a loop over characters in JavaScript runs in V8's interpreter.
 */
export function parseYamlSubset(text: string): { readonly value: unknown } | undefined {
  if (UNSAFE_TEXT.test(text)) return undefined;
  try {
    return { value: new Reader(text).document() };
  } catch (e: unknown) {
    if (e === BAIL) return undefined;
    throw e;
  }
}

/**
 * Left to `yaml`: tabs, a carriage return not before a line feed, a byte-order mark, control and
 * non-printable characters, and white space other than the space (so `trimEnd` trims only spaces).
 */
const UNSAFE_TEXT =
  // eslint-disable-next-line no-control-regex
  /[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\ufffe\uffff]|\r(?!\n)/;

/** Thrown to give up: the text is outside the subset (or not valid YAML); `yaml` will say which. */
const BAIL = Symbol('not in the YAML subset');
function bail(): never {
  throw BAIL;
}

/** Characters a plain scalar may not start with (YAML indicators), except as `plainStart` allows. */
const INDICATORS = '-?:,[]{}#&*!|>\'"%@`';
const FLOW_INDICATORS = ',[]{}';

/** What the core schema reads as something other than a string, beyond the forms `scalar` converts. */
const NOT_A_STRING =
  /^(?:~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/;
/** Integers and decimals whose value Number() gives exactly as `yaml` does (at most 15 digits: below 2^53). */
const SIMPLE_NUMBER = /^(?:0|-?[1-9][0-9]{0,14})(?:\.[0-9]{1,15})?$|^-?0\.[0-9]{1,15}$/;
/** JSON's escapes, which mean the same in a YAML double-quoted scalar; YAML's others go to `yaml`. */
const JSON_ESCAPES = /^(?:[^\\]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*$/;
/** YAML limits an implicit key to 1024 characters; stay well inside. */
const MAX_KEY = 1000;

/**
 * A block mapping key (double-quoted, single-quoted or plain) and its `:`, followed by a space or
 * the end of the line. A plain key holds no `:` or `#` here (such keys go to `yaml`).
 */
const KEY =
  /(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#'"{}[\],:&*!|>%@`?-][^:#]*?|[?:-][^\s:#,[\]{}][^:#]*?)) *:(?= |$)/y;
const DOUBLE_QUOTED = /"((?:[^"\\]|\\.)*)"/y;
const SINGLE_QUOTED = /'((?:[^']|'')*)'/y;
/** A plain scalar inside a flow collection: ends before `,`, a bracket, `: `, `#` or trailing spaces. */
const FLOW_PLAIN = /(?:[^\s,[\]{}#:]|:(?=[^\s,[\]{}])| +(?=[^\s,[\]{}#:]))+/y;
/** What ends a block value: spaces, then a comment or nothing. */
const LINE_END = /(?: +#.*| *)$/y;
const NOT_SPACE = /[^ ]/;

/** The meaning of a plain scalar under the core schema, or bail when it is not a plain case. */
function scalar(text: string): unknown {
  const c = text.charCodeAt(0);
  // Most scalars in a document are names starting with a letter that no special word starts with.
  if (((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) && !'nNtTfF'.includes(text[0] ?? '')) return text;
  if (text === 'null' || text === '~') return null;
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (SIMPLE_NUMBER.test(text) && text !== '-0') return Number(text);
  if (NOT_A_STRING.test(text)) bail();
  return text;
}

class Reader {
  private readonly lines: string[];
  /**
   * Where the content of each line starts (-1: blank): its indentation, or, once a sequence entry
   * `- key: value` has been read as such, the column of `key`.
   */
  private readonly start: number[];
  /** The next line to read. */
  private at = 0;

  constructor(text: string) {
    this.lines = text.split('\n');
    this.start = this.lines.map((l, i) => {
      if (l.endsWith('\r')) this.lines[i] = l = l.slice(0, -1);
      return l.search(NOT_SPACE);
    });
  }

  document(): unknown {
    const first = this.nextContent();
    if (first === -1) bail(); // empty: `yaml` gives null
    const value = this.blockAt(this.start[first] ?? 0);
    if (this.nextContent() !== -1) bail();
    return value;
  }

  /** The next line that is neither blank nor a comment (moving past the others), or -1. */
  private nextContent(): number {
    for (; this.at < this.lines.length; this.at += 1) {
      const from = this.start[this.at] ?? -1;
      if (from === -1) continue;
      const line = this.lines[this.at] ?? '';
      if (line[from] === '#') continue;
      // Directives and document markers.
      if (from === 0 && (line.startsWith('---') || line.startsWith('...') || line[0] === '%')) bail();
      return this.at;
    }
    return -1;
  }

  /** The block node whose first line is the next content line, which starts at `indent`. */
  private blockAt(indent: number): unknown {
    const i = this.at;
    const line = this.lines[i] ?? '';
    if (isEntry(line, indent)) return this.sequence(indent);
    if (keyAt(line, indent) !== undefined) return this.mapping(indent);
    const [value, end] = inline(line, indent);
    lineEnds(line, end);
    this.at = i + 1;
    return value;
  }

  /**
   * The value of `key:` or `-` with nothing after it on its line: the block below, indented more
   * than the key or dash, or null. After a key (`ofKey`), a sequence at the key's own indentation
   * too (`key:` then `- item`); after a dash, an entry there is the next item of its sequence.
   */
  private nested(indent: number, ofKey: boolean): unknown {
    const i = this.nextContent();
    if (i === -1) return null;
    const from = this.start[i] ?? 0;
    if (from > indent) return this.blockAt(from);
    if (ofKey && from === indent && isEntry(this.lines[i] ?? '', from)) return this.sequence(from);
    return null;
  }

  private mapping(indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    for (;;) {
      const i = this.nextContent();
      if (i === -1) return map;
      const from = this.start[i] ?? 0;
      if (from < indent) return map;
      if (from > indent) bail(); // a continuation line or a misplaced node
      const line = this.lines[i] ?? '';
      // `a: 1` then `- x` at the same indentation (a sequence that is the value of a key with
      // nothing after it is read by `nested`).
      if (isEntry(line, from)) bail();
      const key = keyAt(line, from);
      if (key === undefined) bail();
      if (Object.prototype.hasOwnProperty.call(map, key.key)) bail(); // `yaml` refuses a key twice
      this.at = i + 1;
      const at = spaces(line, key.next);
      if (at === line.length || line[at] === '#') {
        map[key.key] = this.nested(indent, true);
      } else if (line[at] === '|') {
        map[key.key] = this.literal(line, at, indent);
      } else {
        const [value, end] = inline(line, at);
        lineEnds(line, end);
        map[key.key] = value;
      }
    }
  }

  /**
   * A literal block scalar whose header `|`, `|-` or `|+` is at `at` of the line just read, in a
   * node indented `parent`: the lines below indented more than `parent`, at the indentation of
   * the first that holds more than spaces, with their line breaks as chomping says (clip: one
   * final break; strip: none; keep: all). Left to `yaml`: an explicit indentation (`|2`), an
   * empty scalar, a line of spaces only that is indented further than the text (its spaces
   * would be content), blank lines before the text indented further than it (an error).
   */
  private literal(line: string, at: number, parent: number): string {
    const next = line[at + 1];
    const chomp = next === '-' || next === '+' ? next : '';
    lineEnds(line, at + 1 + chomp.length);
    const first = this.at;
    let indent = -1;
    let end = first;
    for (; end < this.lines.length; end += 1) {
      const from = this.start[end] ?? -1;
      if (from === -1) {
        // A line of spaces only, or the empty text after the document's final line break.
        if ((this.lines[end] ?? '').length > indent && indent !== -1) bail();
        continue;
      }
      if (indent === -1) {
        if (from <= parent) break;
        indent = from;
      } else if (from < indent) break;
    }
    if (indent === -1) bail(); // empty
    // Blank lines before the first text line may not be indented further than it.
    for (let i = first; i < end && this.start[i] === -1; i += 1) if ((this.lines[i] ?? '').length > indent) bail();
    let last = end - 1;
    while (last >= first && this.start[last] === -1) last -= 1;
    const text = this.lines
      .slice(first, last + 1)
      .map((l) => l.slice(indent))
      .join('\n');
    // A blank last line of the document has no line break of its own to keep (`yaml` gives the
    // text a final line break even where the document ends without one).
    const eof = end === this.lines.length && end - 1 > last ? 1 : 0;
    const trailing = end - 1 - last - eof;
    this.at = end;
    if (chomp === '-') return text;
    return chomp === '+' ? `${text}\n${'\n'.repeat(trailing)}` : `${text}\n`;
  }

  private sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    for (;;) {
      const i = this.nextContent();
      if (i === -1) return items;
      const from = this.start[i] ?? 0;
      if (from < indent) return items;
      if (from > indent) bail();
      const line = this.lines[i] ?? '';
      if (!isEntry(line, from)) return items; // a key of the mapping this compact sequence is a value of
      const content = spaces(line, from + 1);
      if (content === line.length || line[content] === '#') {
        this.at = i + 1;
        items.push(this.nested(from, false));
      } else if (isEntry(line, content)) {
        bail(); // `- - x`
      } else if (line[content] === '|') {
        this.at = i + 1;
        items.push(this.literal(line, content, from));
      } else if (keyAt(line, content) !== undefined) {
        // `- key: value`: a mapping whose indentation is the column of its first key.
        this.start[i] = content;
        this.at = i;
        items.push(this.mapping(content));
      } else {
        const [value, end] = inline(line, content);
        lineEnds(line, end);
        this.at = i + 1;
        items.push(value);
      }
    }
  }
}

/** `- ` (or a lone `-`) at `at`: a block sequence entry. */
const isEntry = (line: string, at: number): boolean =>
  line[at] === '-' && (at + 1 === line.length || line[at + 1] === ' ');

const spaces = (line: string, at: number): number => {
  let i = at;
  while (line.charCodeAt(i) === 32) i += 1;
  return i;
};

/** After a value ending at `end`: the line must end, or go on with spaces and a comment. */
function lineEnds(line: string, end: number): void {
  LINE_END.lastIndex = end;
  if (!LINE_END.test(line)) bail();
}

/** A block mapping key at `at`, with where its value starts; undefined when the line holds no key there. */
function keyAt(line: string, at: number): { readonly key: string; readonly next: number } | undefined {
  KEY.lastIndex = at;
  const m = KEY.exec(line);
  if (m === null) return undefined;
  const next = at + m[0].length;
  if (m[1] !== undefined) return { key: checkedKey(doubleQuoted(m[1])), next };
  if (m[2] !== undefined) return { key: checkedKey(m[2].replace(/''/g, "'")), next };
  const text = m[3] ?? '';
  if (typeof scalar(text) !== 'string') bail(); // a key read as a number, boolean or null
  return { key: checkedKey(text), next };
}

function checkedKey(key: unknown): string {
  if (typeof key !== 'string' || key.length > MAX_KEY || key === '__proto__' || key === '<<') bail();
  return key;
}

/**
 * Whether a plain scalar may start at `at`: not with an indicator, except `-`, `?` and `:` right
 * before a character that cannot end the scalar (`-1`, `::/0`).
 */
function plainStart(line: string, at: number, inFlow: boolean): boolean {
  const c = line[at];
  if (c === undefined) return false;
  if (!INDICATORS.includes(c)) return true;
  if (c !== '-' && c !== '?' && c !== ':') return false;
  const next = line[at + 1];
  return next !== undefined && next !== ' ' && !(inFlow && FLOW_INDICATORS.includes(next));
}

/** A value that fits on the rest of a line in block context: a flow collection, a quoted or a plain scalar. */
function inline(line: string, at: number): [unknown, number] {
  const c = line[at];
  if (c === '{' || c === '[') return flow(line, at);
  if (c === '"' || c === "'") return quoted(line, at);
  if (!plainStart(line, at, false)) bail();
  // A plain scalar runs to the end of the line or to a comment.
  const comment = line.indexOf(' #', at);
  const text = line.slice(at, comment === -1 ? line.length : comment).trimEnd();
  if (text.includes(': ') || text.endsWith(':')) bail(); // a mapping where `yaml` allows none
  return [scalar(text), at + text.length];
}

/** `'…'` or `"…"` on one line, and where it ends. */
function quoted(line: string, at: number): [string, number] {
  const re = line[at] === '"' ? DOUBLE_QUOTED : SINGLE_QUOTED;
  re.lastIndex = at;
  const m = re.exec(line);
  if (m === null) bail(); // runs onto the next line
  const body = m[1] ?? '';
  return [re === DOUBLE_QUOTED ? doubleQuoted(body) : body.replace(/''/g, "'"), at + m[0].length];
}

function doubleQuoted(body: string): string {
  if (!body.includes('\\')) return body;
  if (!JSON_ESCAPES.test(body)) bail();
  return JSON.parse(`"${body}"`) as string;
}

/** A flow collection that opens and closes on this line, and where it ends. */
function flow(line: string, at: number): [unknown, number] {
  const map = line[at] === '{';
  const close = map ? '}' : ']';
  const out: Record<string, unknown> = {};
  const items: unknown[] = [];
  let i = spaces(line, at + 1);
  if (line[i] === close) return [map ? out : items, i + 1];
  for (;;) {
    if (map) {
      const [key, afterKey] = flowScalar(line, i);
      const k = checkedKey(key);
      if (Object.prototype.hasOwnProperty.call(out, k)) bail();
      i = spaces(line, afterKey);
      if (line[i] !== ':') bail(); // `{a}`: a key with no value
      i = spaces(line, i + 1);
      if (line[i] === ',' || line[i] === '}') bail(); // `{a: }`
      const [value, end] = flowValue(line, i);
      out[k] = value;
      i = spaces(line, end);
    } else {
      const [value, end] = flowValue(line, i);
      items.push(value);
      i = spaces(line, end);
      if (line[i] === ':') bail(); // `[a: b]`: a single-pair mapping
    }
    if (line[i] === close) return [map ? out : items, i + 1];
    if (line[i] !== ',') bail();
    i = spaces(line, i + 1);
    if (line[i] === close || line[i] === ',') bail(); // a trailing or doubled comma
  }
}

function flowValue(line: string, at: number): [unknown, number] {
  const c = line[at];
  if (c === '{' || c === '[') return flow(line, at);
  return flowScalar(line, at);
}

/** A quoted or plain scalar inside a flow collection. */
function flowScalar(line: string, at: number): [unknown, number] {
  const c = line[at];
  if (c === '"' || c === "'") return quoted(line, at);
  if (!plainStart(line, at, true)) bail();
  FLOW_PLAIN.lastIndex = at;
  const m = FLOW_PLAIN.exec(line);
  if (m === null) bail();
  return [scalar(m[0]), at + m[0].length];
}
