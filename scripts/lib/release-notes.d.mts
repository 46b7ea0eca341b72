export type Fields = Record<string, string>;
export interface ActionInterface {
  inputs: Record<string, Fields>;
  outputs: Record<string, Fields>;
}
export interface InterfaceChange {
  action: string;
  kind: 'new action' | 'removed action' | 'added' | 'changed' | 'removed';
  part?: 'inputs' | 'outputs';
  name?: string;
  fields?: string[];
  old?: Fields;
  now?: Fields;
}
export function parseVersion(tag: string): [number, number, number] | undefined;
export function previousVersion(tag: string, tags: readonly string[]): string | undefined;
export function readActionInterface(text: string, file: string): ActionInterface;
export function interfaceChanges(
  before: Record<string, ActionInterface>,
  after: Record<string, ActionInterface>,
): InterfaceChange[];
export function breakingChanges(changes: readonly InterfaceChange[]): InterfaceChange[];
export function releaseNotes(release: {
  tag: string;
  previous: string | undefined;
  changes: readonly InterfaceChange[];
  repository?: string;
}): string;
