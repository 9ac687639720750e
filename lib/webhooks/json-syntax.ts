/**
 * Finds the first JSON syntax error in a text and says where it is, in words a person editing a payload
 * understands. Engines' `JSON.parse` messages differ (V8: "… at position 12 (line 1 column 13)", SpiderMonkey:
 * "… at line 1 column 13 of the JSON data") and some give no position at all, so the position comes from this
 * scanner, which follows RFC 8259 exactly as `JSON.parse` does.
 */

export interface JsonSyntaxError {
  message: string;
  /** UTF-16 offset where the problem is. */
  index: number;
}

const MAX_DEPTH = 2000;
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

/** The first syntax error in `text`, or `null` when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  const scanner = new Scanner(text);
  try {
    scanner.skipWhitespace();
    if (scanner.atEnd()) throw scanner.error(text.trim() === '' ? 'The payload is empty.' : 'Unexpected end of input.');
    scanner.value(0);
    scanner.skipWhitespace();
    if (!scanner.atEnd()) {
      throw scanner.error(`Unexpected ${scanner.describeHere()} after the end of the JSON value.`);
    }
    return null;
  } catch (error) {
    if (error instanceof ScanError) return { message: error.message, index: error.index };
    throw error;
  }
}

class ScanError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

class Scanner {
  private pos = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  error(message: string, index = this.pos): ScanError {
    return new ScanError(message, index);
  }

  describeHere(): string {
    if (this.atEnd()) return 'end of input';
    const char = this.text[this.pos] ?? '';
    if (char === '\n') return 'line break';
    return `character "${char}"`;
  }

  skipWhitespace(): void {
    while (!this.atEnd()) {
      const char = this.text[this.pos];
      if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
        this.pos++;
      } else if (char === '/' && (this.text[this.pos + 1] === '/' || this.text[this.pos + 1] === '*')) {
        throw this.error('Comments are not allowed in JSON.');
      } else {
        return;
      }
    }
  }

  value(depth: number): void {
    if (depth > MAX_DEPTH) throw this.error(`The JSON is nested more than ${MAX_DEPTH} levels deep.`);
    const char = this.text[this.pos];
    if (char === '{') return this.object(depth);
    if (char === '[') return this.array(depth);
    if (char === '"') return this.string();
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.number();
    for (const literal of ['true', 'false', 'null']) {
      if (this.text.startsWith(literal, this.pos)) {
        this.pos += literal.length;
        return;
      }
    }
    if (char === "'") throw this.error('Strings must use double quotes ("), not single quotes.');
    if (this.atEnd()) throw this.error('Unexpected end of input: a value is missing.');
    const word = /^[A-Za-z_$][\w$]*/.exec(this.text.slice(this.pos, this.pos + 20))?.[0];
    if (word === 'undefined' || word === 'NaN' || word === 'Infinity') throw this.error(`${word} is not a JSON value.`);
    if (word) throw this.error(`Unexpected word "${word}": text values must be in double quotes.`);
    throw this.error(`Unexpected ${this.describeHere()}: a value is expected here.`);
  }

  private object(depth: number): void {
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return;
    }
    for (;;) {
      const char = this.text[this.pos];
      if (char === "'") throw this.error('Property names must use double quotes ("), not single quotes.');
      if (char !== '"') {
        if (this.atEnd()) throw this.error('Unexpected end of input: the object is not closed with "}".');
        throw this.error(`Expected a property name in double quotes, found ${this.describeHere()}.`);
      }
      this.string();
      this.skipWhitespace();
      if (this.text[this.pos] !== ':')
        throw this.error(`Expected ":" after the property name, found ${this.describeHere()}.`);
      this.pos++;
      this.skipWhitespace();
      this.value(depth + 1);
      this.skipWhitespace();
      const next = this.text[this.pos];
      if (next === '}') {
        this.pos++;
        return;
      }
      if (next !== ',') {
        if (this.atEnd()) throw this.error('Unexpected end of input: the object is not closed with "}".');
        throw this.error(`Expected "," or "}" after a property, found ${this.describeHere()}.`);
      }
      const comma = this.pos;
      this.pos++;
      this.skipWhitespace();
      if (this.text[this.pos] === '}') throw this.error('Trailing comma: remove the "," before "}".', comma);
    }
  }

  private array(depth: number): void {
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return;
    }
    for (;;) {
      this.value(depth + 1);
      this.skipWhitespace();
      const next = this.text[this.pos];
      if (next === ']') {
        this.pos++;
        return;
      }
      if (next !== ',') {
        if (this.atEnd()) throw this.error('Unexpected end of input: the array is not closed with "]".');
        throw this.error(`Expected "," or "]" after an array item, found ${this.describeHere()}.`);
      }
      const comma = this.pos;
      this.pos++;
      this.skipWhitespace();
      if (this.text[this.pos] === ']') throw this.error('Trailing comma: remove the "," before "]".', comma);
    }
  }

  private string(): void {
    const start = this.pos;
    this.pos++;
    for (;;) {
      if (this.atEnd()) throw this.error('Unterminated string: a closing double quote is missing.', start);
      const code = this.text.charCodeAt(this.pos);
      if (code === 0x22) {
        this.pos++;
        return;
      }
      if (code < 0x20) {
        const name = code === 10 ? 'a line break' : code === 9 ? 'a tab' : 'a control character';
        throw this.error(`Strings cannot contain ${name}; write it as an escape (\\n, \\t, \\u00XX).`);
      }
      if (code === 0x5c) {
        const escape = this.text[this.pos + 1];
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) {
            throw this.error('Invalid \\u escape: it needs exactly 4 hex digits.');
          }
          this.pos += 6;
          continue;
        }
        if (escape === undefined || !'"\\/bfnrt'.includes(escape)) {
          throw this.error(
            `Invalid escape "\\${escape ?? ''}": JSON allows \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX.`,
          );
        }
        this.pos += 2;
        continue;
      }
      this.pos++;
    }
  }

  private number(): void {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) throw this.error('Invalid number.');
    const after = this.text[this.pos + match[0].length];
    if (match[1] === '0' && after !== undefined && after >= '0' && after <= '9') {
      throw this.error('Numbers cannot have leading zeros.', this.pos);
    }
    if (after === '.' || after === 'e' || after === 'E') throw this.error('Invalid number.', this.pos);
    this.pos += match[0].length;
  }
}
