import { resolve } from 'node:path';
import * as core from '@actions/core';
import { isLoopbackHost, parseFeatureList, type InferenceClientOptions } from '@mlops-actions/model';
import { checkModelName, parseVersionSelector, type VersionSelector } from '@mlops-actions/registry';

export type TargetSettings =
  | { kind: 'release' }
  | { kind: 'command'; script: string }
  | {
      kind: 'http';
      endpoint: URL;
      smokeData: string;
      smokeRows: number;
      /** The smoke rows' columns in the model's input order (default: what the version records). */
      features?: string[];
      /** The endpoint's credentials, masked in the log; used by the load and the smoke test. */
      credentials: InferenceClientOptions;
    };

/** The action's inputs, read and checked once. */
export interface Settings {
  modelName: string;
  selector: VersionSelector;
  environment: string;
  target: TargetSettings;
  allowFailedGate: boolean;
  rollbackOnFailure: boolean;
  token: string;
}

export function readSettings(): Settings {
  const modelName = checkModelName(core.getInput('model-name', { required: true }));
  const selector = parseVersionSelector(core.getInput('version') || 'latest');
  const environment = core.getInput('environment') || 'production';
  return {
    modelName,
    selector,
    environment,
    target: readTarget(core.getInput('target') || 'release'),
    allowFailedGate: core.getBooleanInput('allow-failed-gate'),
    rollbackOnFailure: core.getBooleanInput('rollback-on-failure'),
    token: core.getInput('github-token'),
  };
}

function readTarget(kind: string): TargetSettings {
  if (kind === 'release') return { kind };
  if (kind === 'command') {
    const script = core.getInput('run');
    if (!script.trim()) throw new Error('target "command" needs `run`: the script that deploys $MODEL_PATH.');
    return { kind, script };
  }
  if (kind === 'http') {
    const endpoint = core.getInput('endpoint');
    const smokeData = core.getInput('smoke-data');
    if (!endpoint || !smokeData) {
      throw new Error(
        'target "http" needs `endpoint` (the serving URL) and `smoke-data` (rows to smoke-test).',
      );
    }
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new Error(`endpoint "${endpoint}" is not a URL: use e.g. https://models.example.com.`);
    }
    const smokeRows = Number(core.getInput('smoke-rows') || '20');
    if (!Number.isInteger(smokeRows) || smokeRows < 1) {
      throw new Error(
        `smoke-rows "${core.getInput('smoke-rows')}" must be a whole number of rows, at least 1.`,
      );
    }
    const features = parseFeatureList(core.getInput('features'), 'Input `features`');
    return {
      kind,
      endpoint: url,
      smokeData: resolve(smokeData),
      smokeRows,
      ...(features ? { features } : {}),
      credentials: readCredentials(url),
    };
  }
  throw new Error(`target "${kind}" is not a target: use release, command or http.`);
}

/**
 * `endpoint-token` (sent as `Authorization: Bearer`) and `endpoint-headers` (`Name: value` lines),
 * each value masked before anything could print it.
 */
function readCredentials(endpoint: URL): InferenceClientOptions {
  const token = core.getInput('endpoint-token');
  if (token) core.setSecret(token);
  const headers: Record<string, string> = {};
  for (const line of core.getMultilineInput('endpoint-headers')) {
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) {
      throw new Error(
        'endpoint-headers: each line must be `Name: value`, e.g. `X-Api-Key: ${{ secrets.KEY }}`.',
      );
    }
    const value = line.slice(colon + 1).trim();
    if (value) core.setSecret(value);
    headers[name] = value;
  }
  const credentials = token || Object.keys(headers).length > 0;
  if (credentials && endpoint.protocol === 'http:' && !isLoopbackHost(endpoint.hostname)) {
    core.warning(
      `endpoint ${endpoint.origin} is plain http: the endpoint token crosses the network unencrypted — use https.`,
    );
  }
  return { ...(token ? { token } : {}), ...(Object.keys(headers).length > 0 ? { headers } : {}) };
}
