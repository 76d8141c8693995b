import "server-only";
/**
 * The fast path for bulk pages (details query, job results). A page of 1,000 conversations is
 * ~3.5 MB of JSON. Decoded into one string and parsed whole, it becomes a multi-MB string and
 * ~150,000 objects that all live until the page is written: they outlast V8's young generation,
 * get promoted, and the old generation grows by tens of MB between collections, which is what
 * sets a streaming client's peak memory. Re-serialising every record for NDJSON then costs as
 * much time again.
 *
 * Instead the answer stays bytes (outside the JS heap) and is split at the top level: the
 * `conversations` array into one byte range per record (strings are skipped with indexOf, so
 * the walk is cheap; multi-byte UTF-8 never looks like a quote, a bracket or a backslash), the
 * other fields decoded and parsed as usual. Each record is checked on its own when the caller
 * reaches it (RecordList): decoded and `JSON.parse`d (so every record handed out is valid JSON)
 * and matched against the `conversationRecord` schema (id and start). Its objects are dropped
 * at once, so they die young. The caller gets a view of the record's bytes, exactly as Genesys
 * sent them, ready to be written as a line.
 */
import { GenesysResponseError } from "./errors";
import { conversationRecord, recordPageFields, type RecordPageFields } from "./schemas";

/**
 * One conversation as sent: its id and start (checked), and its UTF-8 JSON (a view into the
 * page's bytes; one line, untouched unless Genesys laid it out on several).
 */
export type RawConversation = { conversationId: string; conversationStart: string; json: Uint8Array };

type Ref = { method: string; path: string; status: number };

export type RawRecordPage = RecordPageFields & { conversations: RecordList };

/**
 * A page's records as byte ranges of the page. Each is checked (JSON.parse, `conversationRecord`)
 * when it is iterated, and its objects are dropped straight after: a page that waits its turn
 * (the next one, read ahead) holds no objects per record, so nothing of it survives long enough
 * to be promoted to V8's old generation. A record that fails its check throws
 * GenesysResponseError from the iteration.
 */
export class RecordList implements Iterable<RawConversation> {
  constructor(
    private readonly bytes: Uint8Array,
    /** start, end of each record. */
    private readonly ranges: Uint32Array,
    private readonly ref: Ref,
  ) {}

  get length(): number {
    return this.ranges.length / 2;
  }

  *[Symbol.iterator](): Iterator<RawConversation> {
    for (let i = 0; i < this.length; i++) yield record(this.bytes.subarray(this.ranges[2 * i]!, this.ranges[2 * i + 1]!), i, this.ref);
  }
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const COLON = 58;
const LF = 10;
const CR = 13;

const isSpace = (c: number | undefined) => c === 32 || c === LF || c === CR || c === 9;

class Malformed extends Error {}

function utf8(bytes: Uint8Array, start = 0, end = bytes.length): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString("utf8");
}

class Walker {
  at = 0;
  constructor(readonly bytes: Uint8Array) {}

  fail(what: string): never {
    throw new Malformed(`${what} at byte ${this.at}`);
  }

  skipSpace(): void {
    const { bytes } = this;
    while (this.at < bytes.length && isSpace(bytes[this.at])) this.at++;
  }

  expect(code: number, what: string): void {
    this.skipSpace();
    if (this.bytes[this.at] !== code) this.fail(`expected ${what}`);
    this.at++;
  }

  /** `from` is an opening quote; returns the index after the closing one. */
  stringEnd(from: number): number {
    const { bytes } = this;
    let search = from + 1;
    for (;;) {
      const quote = bytes.indexOf(QUOTE, search);
      if (quote < 0) {
        this.at = from;
        this.fail("unterminated string");
      }
      let backslashes = 0;
      for (let b = quote - 1; bytes[b] === BACKSLASH; b--) backslashes++;
      if (backslashes % 2 === 0) return quote + 1;
      search = quote + 1;
    }
  }

  /** The end of the value starting at `this.at` (after spaces). Nesting must balance; the rest is JSON.parse's job. */
  valueEnd(): number {
    this.skipSpace();
    const { bytes } = this;
    const start = this.at;
    const first = bytes[start];
    if (first === QUOTE) return this.stringEnd(start);
    if (first === OPEN_BRACE || first === OPEN_BRACKET) {
      let depth = 0;
      for (let i = start; i < bytes.length; i++) {
        const c = bytes[i];
        if (c === QUOTE) i = this.stringEnd(i) - 1;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          depth--;
          if (depth === 0) return i + 1;
        }
      }
      this.fail("unbalanced brackets");
    }
    let i = start;
    while (i < bytes.length) {
      const c = bytes[i];
      if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || isSpace(c)) break;
      i++;
    }
    if (i === start) this.fail("expected a value");
    return i;
  }

  /** Parses the value at `this.at` and moves past it. */
  value(): unknown {
    this.skipSpace();
    const start = this.at;
    const end = this.valueEnd();
    this.at = end;
    return JSON.parse(utf8(this.bytes, start, end));
  }

  key(): string {
    this.skipSpace();
    if (this.bytes[this.at] !== QUOTE) this.fail("expected a key");
    const key = this.value();
    if (typeof key !== "string") this.fail("expected a key");
    return key;
  }

  /** After an element or member: true when another follows, false at `close`. */
  next(close: number): boolean {
    this.skipSpace();
    const c = this.bytes[this.at];
    if (c === COMMA || c === close) {
      this.at++;
      return c === COMMA;
    }
    return this.fail(`expected , or ${String.fromCharCode(close)}`);
  }

  /** At `open`: true when the container is not empty (and steps inside), false when it is (and steps past it). */
  enter(open: number, close: number, what: string): boolean {
    this.expect(open, what);
    this.skipSpace();
    if (this.bytes[this.at] !== close) return true;
    this.at++;
    return false;
  }
}

function record(json: Uint8Array, index: number, ref: Ref): RawConversation {
  let value: unknown;
  try {
    value = JSON.parse(utf8(json));
  } catch (error) {
    throw new GenesysResponseError({ ...ref, issues: [`conversations.${index}: not JSON (${(error as Error).message})`] });
  }
  const checked = conversationRecord.safeParse(value);
  if (!checked.success) {
    const issues = checked.error.issues
      .slice(0, 3)
      .map((issue) => `conversations.${index}.${issue.path.map(String).join(".")}: ${issue.message}`);
    throw new GenesysResponseError({ ...ref, issues });
  }
  // A string cannot hold a raw line break, so one here is layout (a pretty-printing proxy): make the record one line.
  const line = json.includes(LF) || json.includes(CR) ? new Uint8Array(Buffer.from(JSON.stringify(value))) : json;
  return { conversationId: checked.data.conversationId, conversationStart: checked.data.conversationStart, json: line };
}

/** Reads a details-query or job-results answer; throws GenesysResponseError when it is not one. */
export function readRecordPage(bytes: Uint8Array, ref: Ref): RawRecordPage {
  const walker = new Walker(bytes);
  const fields: Record<string, unknown> = {};
  let ranges = new Uint32Array(2 * 1024);
  let count = 0;
  try {
    walker.skipSpace();
    if (walker.at >= bytes.length) throw new Malformed("the body is empty");
    let more = walker.enter(OPEN_BRACE, CLOSE_BRACE, "{");
    while (more) {
      const key = walker.key();
      walker.expect(COLON, ":");
      walker.skipSpace();
      if (key === "conversations" && bytes[walker.at] === OPEN_BRACKET) {
        let element = walker.enter(OPEN_BRACKET, CLOSE_BRACKET, "[");
        while (element) {
          walker.skipSpace();
          const start = walker.at;
          walker.at = walker.valueEnd();
          if (2 * count + 2 > ranges.length) {
            const bigger = new Uint32Array(ranges.length * 2);
            bigger.set(ranges);
            ranges = bigger;
          }
          ranges[2 * count] = start;
          ranges[2 * count + 1] = walker.at;
          count++;
          element = walker.next(CLOSE_BRACKET);
        }
      } else {
        fields[key] = walker.value();
      }
      more = walker.next(CLOSE_BRACE);
    }
    walker.skipSpace();
    if (walker.at !== bytes.length) walker.fail("unexpected text after the body");
  } catch (error) {
    if (error instanceof Malformed || error instanceof SyntaxError) {
      throw new GenesysResponseError({ ...ref, issues: [`the body is not JSON: ${error.message}`] });
    }
    throw error;
  }
  const checked = recordPageFields.safeParse(fields);
  if (!checked.success) throw GenesysResponseError.fromZod(ref, checked.error);
  const { totalHits, cursor, dataAvailabilityDate } = checked.data;
  return {
    conversations: new RecordList(bytes, ranges.subarray(0, 2 * count), ref),
    ...(totalHits !== undefined ? { totalHits } : {}),
    ...(cursor !== undefined ? { cursor } : {}),
    ...(dataAvailabilityDate !== undefined ? { dataAvailabilityDate } : {}),
  };
}
