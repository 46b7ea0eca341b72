/**
 * GitHub Actions expressions (`${{ … }}`), the subset our example workflows use, evaluated the way
 * GitHub documents them (docs.github.com → Actions → "Evaluate expressions in workflows and actions"):
 *
 * - literals: `null`, `true`/`false`, numbers (decimal, hex, exponent), '…' strings ('' escapes a quote);
 * - property access `a.b`, `a['b']`, `a[0]`; a missing property is `null`;
 * - operators `!`, `<`, `<=`, `>`, `>=`, `==`, `!=`, `&&`, `||`, `( )`; `&&`/`||` yield an operand, as in JS;
 *   comparisons coerce mismatched types to numbers and compare strings ignoring case;
 * - functions: contains, startsWith, endsWith, format, join, toJSON, fromJSON, hashFiles, and the
 *   status checks success(), failure(), always(), cancelled().
 *
 * Anything else (object filters `a.*.b`, unknown functions or contexts) is an error, never a silent
 * empty string: a workflow that runs here must mean the same on GitHub.
 */

export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

export interface EvaluationScope {
  /** The named values allowed here: github, env, inputs, steps, needs, … */
  contexts: Record<string, Value>;
  /** The job's status so far, for success()/failure(); absent where status functions are not allowed. */
  status?: 'success' | 'failure' | 'cancelled';
  hashFiles?: (patterns: string[]) => string;
}

export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly expression: string,
  ) {
    super(`${message} in expression \`${expression}\``);
    this.name = 'ExpressionError';
  }
}

type Node =
  | { type: 'literal'; value: Value }
  | { type: 'context'; name: string }
  | { type: 'index'; object: Node; key: Node }
  | { type: 'not'; operand: Node }
  | { type: 'binary'; operator: string; left: Node; right: Node }
  | { type: 'call'; name: string; args: Node[] };

type Token =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'word'; value: string }
  | { kind: 'punct'; value: string };

const PUNCTUATION = ['<=', '>=', '==', '!=', '&&', '||', '<', '>', '!', '(', ')', '[', ']', '.', ',', '*'];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < source.length) {
    const char = source[at]!;
    if (/\s/.test(char)) {
      at++;
      continue;
    }
    if (char === "'") {
      let value = '';
      at++;
      for (;;) {
        if (at >= source.length) throw new ExpressionError('Unterminated string', source);
        if (source[at] === "'") {
          if (source[at + 1] === "'") {
            value += "'";
            at += 2;
            continue;
          }
          at++;
          break;
        }
        value += source[at++];
      }
      tokens.push({ kind: 'string', value });
      continue;
    }
    const number = /^(?:0x[0-9a-f]+|-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)/i.exec(source.slice(at));
    // A number cannot follow a value directly (`a.1`); after `.` the digits are a property name.
    if (number && tokens.at(-1)?.value !== '.') {
      tokens.push({ kind: 'number', value: Number(number[0]) });
      at += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(source.slice(at));
    if (word) {
      tokens.push({ kind: 'word', value: word[0] });
      at += word[0].length;
      continue;
    }
    const punct = PUNCTUATION.find((p) => source.startsWith(p, at));
    if (punct === undefined) throw new ExpressionError(`Unexpected character '${char}'`, source);
    tokens.push({ kind: 'punct', value: punct });
    at += punct.length;
  }
  return tokens;
}

/** Precedence climbing over GitHub's operator table (lowest first). */
const BINARY_LEVELS = [['||'], ['&&'], ['==', '!='], ['<', '<=', '>', '>=']];

export function parseExpression(source: string): Node {
  const tokens = tokenize(source);
  let at = 0;
  const peek = () => tokens[at];
  const isPunct = (value: string) => peek()?.kind === 'punct' && peek()?.value === value;
  const expect = (value: string) => {
    if (!isPunct(value)) throw new ExpressionError(`Expected '${value}'`, source);
    at++;
  };

  const binary = (level: number): Node => {
    if (level === BINARY_LEVELS.length) return unary();
    let left = binary(level + 1);
    for (;;) {
      const token = peek();
      if (token?.kind !== 'punct' || !BINARY_LEVELS[level]!.includes(token.value)) return left;
      at++;
      left = { type: 'binary', operator: token.value, left, right: binary(level + 1) };
    }
  };
  const unary = (): Node => {
    if (isPunct('!')) {
      at++;
      return { type: 'not', operand: unary() };
    }
    return postfix(primary());
  };
  const primary = (): Node => {
    const token = tokens[at++];
    if (!token) throw new ExpressionError('Unexpected end', source);
    if (token.kind === 'number' || token.kind === 'string') return { type: 'literal', value: token.value };
    if (token.kind === 'punct' && token.value === '(') {
      const inner = binary(0);
      expect(')');
      return inner;
    }
    if (token.kind !== 'word') throw new ExpressionError(`Unexpected '${token.value}'`, source);
    if (token.value === 'true' || token.value === 'false')
      return { type: 'literal', value: token.value === 'true' };
    if (token.value === 'null') return { type: 'literal', value: null };
    if (isPunct('(')) {
      at++;
      const args: Node[] = [];
      while (!isPunct(')')) {
        if (args.length > 0) expect(',');
        args.push(binary(0));
      }
      expect(')');
      return { type: 'call', name: token.value.toLowerCase(), args };
    }
    return { type: 'context', name: token.value };
  };
  const postfix = (node: Node): Node => {
    for (;;) {
      if (isPunct('.')) {
        at++;
        const name = tokens[at++];
        if (name?.kind === 'punct' && name.value === '*')
          throw new ExpressionError('Object filters (.*) are not supported', source);
        if (!name || (name.kind !== 'word' && name.kind !== 'number'))
          throw new ExpressionError("Expected a property name after '.'", source);
        node = { type: 'index', object: node, key: { type: 'literal', value: String(name.value) } };
      } else if (isPunct('[')) {
        at++;
        const key = binary(0);
        expect(']');
        node = { type: 'index', object: node, key };
      } else return node;
    }
  };

  const tree = binary(0);
  if (at !== tokens.length) throw new ExpressionError(`Unexpected '${String(tokens[at]!.value)}'`, source);
  return tree;
}

const STATUS_FUNCTIONS = new Set(['success', 'failure', 'always', 'cancelled']);

/** Whether an expression calls a status function (else GitHub wraps an `if:` in `success() && (…)`). */
export function usesStatusFunction(source: string): boolean {
  const visit = (node: Node): boolean => {
    switch (node.type) {
      case 'call':
        return STATUS_FUNCTIONS.has(node.name) || node.args.some(visit);
      case 'index':
        return visit(node.object) || visit(node.key);
      case 'not':
        return visit(node.operand);
      case 'binary':
        return visit(node.left) || visit(node.right);
      default:
        return false;
    }
  };
  return visit(parseExpression(source));
}

export function evaluateExpression(source: string, scope: EvaluationScope): Value {
  const evaluate = (node: Node): Value => {
    switch (node.type) {
      case 'literal':
        return node.value;
      case 'context': {
        const key = Object.keys(scope.contexts).find((k) => k.toLowerCase() === node.name.toLowerCase());
        if (key === undefined) throw new ExpressionError(`Unrecognized named-value: '${node.name}'`, source);
        return scope.contexts[key]!;
      }
      case 'index':
        return property(evaluate(node.object), evaluate(node.key));
      case 'not':
        return !truthy(evaluate(node.operand));
      case 'binary': {
        const left = evaluate(node.left);
        if (node.operator === '&&') return truthy(left) ? evaluate(node.right) : left;
        if (node.operator === '||') return truthy(left) ? left : evaluate(node.right);
        return compare(node.operator, left, evaluate(node.right));
      }
      case 'call':
        return call(node.name, node.args.map(evaluate));
    }
  };

  const call = (name: string, args: Value[]): Value => {
    const arity = (min: number, max = min) => {
      if (args.length < min || args.length > max)
        throw new ExpressionError(
          `${name}() takes ${min === max ? min : `${min}–${max}`} argument(s)`,
          source,
        );
    };
    if (STATUS_FUNCTIONS.has(name)) {
      arity(0);
      if (scope.status === undefined) throw new ExpressionError(`${name}() is only allowed in if:`, source);
      if (name === 'always') return true;
      if (name === 'cancelled') return scope.status === 'cancelled';
      if (name === 'failure') return scope.status === 'failure';
      return scope.status === 'success';
    }
    switch (name) {
      case 'contains': {
        arity(2);
        const [haystack, needle] = args as [Value, Value];
        if (Array.isArray(haystack)) return haystack.some((item) => compare('==', item, needle) === true);
        return text(haystack).toLowerCase().includes(text(needle).toLowerCase());
      }
      case 'startswith':
        arity(2);
        return text(args[0]!).toLowerCase().startsWith(text(args[1]!).toLowerCase());
      case 'endswith':
        arity(2);
        return text(args[0]!).toLowerCase().endsWith(text(args[1]!).toLowerCase());
      case 'format': {
        if (args.length < 1) arity(1, Infinity);
        const [template, ...rest] = args;
        return text(template!).replace(/\{\{|\}\}|\{(\d+)\}/g, (match, index?: string) => {
          if (match === '{{') return '{';
          if (match === '}}') return '}';
          const value = rest[Number(index)];
          if (value === undefined) throw new ExpressionError(`format() has no argument {${index}}`, source);
          return text(value);
        });
      }
      case 'join': {
        arity(1, 2);
        const separator = args.length > 1 ? text(args[1]!) : ',';
        return Array.isArray(args[0]) ? args[0].map(text).join(separator) : text(args[0]!);
      }
      case 'tojson':
        arity(1);
        return JSON.stringify(args[0], null, 2);
      case 'fromjson':
        arity(1);
        try {
          return JSON.parse(text(args[0]!)) as Value;
        } catch {
          throw new ExpressionError(`fromJSON() got invalid JSON: ${text(args[0]!)}`, source);
        }
      case 'hashfiles':
        if (args.length < 1) arity(1, Infinity);
        if (!scope.hashFiles) throw new ExpressionError('hashFiles() is not available here', source);
        return scope.hashFiles(args.map(text));
      default:
        throw new ExpressionError(`Unknown function ${name}()`, source);
    }
  };

  return evaluate(parseExpression(source));
}

function property(object: Value, key: Value): Value {
  if (Array.isArray(object)) {
    const index = typeof key === 'number' ? key : Number.NaN;
    return Number.isInteger(index) ? (object[index] ?? null) : null;
  }
  if (object !== null && typeof object === 'object') {
    const name = text(key).toLowerCase();
    // Property names are case-insensitive on GitHub.
    const found = Object.keys(object).find((k) => k.toLowerCase() === name);
    return found === undefined ? null : object[found]!;
  }
  return null;
}

export function truthy(value: Value): boolean {
  if (value === null || value === false || value === '') return false;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  return true;
}

function toNumber(value: Value): number {
  if (value === null) return 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value.trim() === '' ? 0 : Number(value);
  return Number.NaN;
}

function compare(operator: string, left: Value, right: Value): boolean {
  let a: unknown = left;
  let b: unknown = right;
  const sameType = typeof left === typeof right && (left === null) === (right === null);
  if (typeof left === 'string' && typeof right === 'string') {
    a = left.toLowerCase();
    b = right.toLowerCase();
  } else if (!sameType || (typeof left !== 'object' && typeof left !== 'string')) {
    if ((left !== null && typeof left === 'object') || (right !== null && typeof right === 'object')) {
      // Objects and arrays are equal only to themselves.
      return operator === '!=' ? left !== right : operator === '==' ? left === right : false;
    }
    a = toNumber(left);
    b = toNumber(right);
  }
  switch (operator) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return (a as number) < (b as number);
    case '<=':
      return (a as number) <= (b as number);
    case '>':
      return (a as number) > (b as number);
    default:
      return (a as number) >= (b as number);
  }
}

/** A value as it is put into a string: null is empty, objects as GitHub prints them. */
export function text(value: Value): string {
  if (value === null) return '';
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  return Array.isArray(value) ? 'Array' : 'Object';
}

/**
 * Replaces every `${{ … }}` in a workflow string by its value as text. A string that is one
 * expression and nothing else keeps the value's type (for `if:` and `needs` outputs).
 */
export function interpolate(template: string, scope: EvaluationScope): string {
  return template.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, inner: string) =>
    text(evaluateExpression(inner.trim(), scope)),
  );
}

/**
 * An `if:` condition: bare or wrapped in `${{ }}`; without a status function GitHub evaluates
 * `success() && (<condition>)`.
 */
export function evaluateCondition(condition: string | boolean | undefined, scope: EvaluationScope): boolean {
  if (condition === undefined) return scope.status === 'success';
  if (typeof condition === 'boolean') return condition && scope.status === 'success';
  const whole = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(condition);
  const source = (whole ? whole[1]! : condition).trim();
  if (!whole && condition.includes('${{'))
    throw new ExpressionError('An if: condition is one expression, not a template', condition);
  const value = truthy(evaluateExpression(source, scope));
  return usesStatusFunction(source) ? value : scope.status === 'success' && value;
}
