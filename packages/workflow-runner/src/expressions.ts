import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import { FunctionCall, type Expr } from '@actions/expressions/ast';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';

/**
 * GitHub Actions expressions (`${{ … }}`), lexed, parsed and evaluated by GitHub's own
 * `@actions/expressions` (the evaluator behind the Actions language service): literals, contexts,
 * operators, object filters and the documented functions behave as on GitHub. What is ours: which
 * contexts exist where, the status functions (`success()` … from the job's status, allowed only in
 * `if:`), `hashFiles()` over the job's workspace, and `if:`'s implicit `success() &&`.
 *
 * An unknown function or context is an error naming the expression, never a silent empty string:
 * a workflow that runs here must mean the same on GitHub.
 */

export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

export interface EvaluationScope {
  /** The named values allowed here: github, env, inputs, steps, needs, matrix, … */
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

const STATUS_FUNCTIONS = ['success', 'failure', 'always', 'cancelled'];
const OUR_FUNCTIONS = [
  ...STATUS_FUNCTIONS.map((name) => ({ name, minArgs: 0, maxArgs: 0 })),
  { name: 'hashFiles', minArgs: 1, maxArgs: 255 },
];

function parse(source: string, scope: EvaluationScope): Expr {
  try {
    const { tokens } = new Lexer(source).lex();
    return new Parser(tokens, Object.keys(scope.contexts), OUR_FUNCTIONS).parse();
  } catch (error) {
    throw new ExpressionError(error instanceof Error ? error.message : String(error), source);
  }
}

/** Whether an expression calls a status function (else GitHub wraps an `if:` in `success() && (…)`). */
function usesStatusFunction(expression: Expr): boolean {
  let found = false;
  const visit = (node: unknown): void => {
    if (found || node === null || typeof node !== 'object') return;
    if (node instanceof FunctionCall && STATUS_FUNCTIONS.includes(node.functionName.lexeme.toLowerCase())) {
      found = true;
      return;
    }
    for (const child of Object.values(node) as unknown[]) {
      if (Array.isArray(child)) child.forEach(visit);
      else if (child && typeof child === 'object' && 'accept' in child) visit(child);
    }
  };
  visit(expression);
  return found;
}

function toData(value: Value): data.ExpressionData {
  return JSON.parse(JSON.stringify(value), data.reviver) as data.ExpressionData;
}

function fromData(value: data.ExpressionData): Value {
  return JSON.parse(JSON.stringify(value, data.replacer) ?? 'null') as Value;
}

function ourFunctions(source: string, scope: EvaluationScope): Map<string, FunctionDefinition> {
  const status = (
    name: string,
    holds: (status: EvaluationScope['status']) => boolean,
  ): FunctionDefinition => ({
    name,
    minArgs: 0,
    maxArgs: 0,
    call: () => {
      if (scope.status === undefined) throw new ExpressionError(`${name}() is only allowed in if:`, source);
      return new data.BooleanData(holds(scope.status));
    },
  });
  return new Map<string, FunctionDefinition>([
    ['success', status('success', (s) => s === 'success')],
    ['failure', status('failure', (s) => s === 'failure')],
    ['cancelled', status('cancelled', (s) => s === 'cancelled')],
    ['always', status('always', () => true)],
    [
      'hashfiles',
      {
        name: 'hashFiles',
        minArgs: 1,
        maxArgs: 255,
        call: (...patterns) => {
          if (!scope.hashFiles) throw new ExpressionError('hashFiles() is not available here', source);
          return new data.StringData(scope.hashFiles(patterns.map((p) => p.coerceString())));
        },
      },
    ],
  ]);
}

function evaluate(expression: Expr, source: string, scope: EvaluationScope): data.ExpressionData {
  const context = new data.Dictionary(
    ...Object.entries(scope.contexts).map(([key, value]) => ({ key, value: toData(value) })),
  );
  try {
    return new Evaluator(expression, context, ourFunctions(source, scope)).evaluate();
  } catch (error) {
    if (error instanceof ExpressionError) throw error;
    throw new ExpressionError(error instanceof Error ? error.message : String(error), source);
  }
}

export function evaluateExpression(source: string, scope: EvaluationScope): Value {
  return fromData(evaluate(parse(source, scope), source, scope));
}

export function truthy(value: Value): boolean {
  if (value === null || value === false || value === '') return false;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  return true;
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
  const expression = parse(source, scope);
  const value = truthy(fromData(evaluate(expression, source, scope)));
  return usesStatusFunction(expression) ? value : scope.status === 'success' && value;
}
