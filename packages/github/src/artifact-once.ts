/**
 * Uploads a workflow artifact exactly once under the results service's failure modes.
 * @actions/artifact retries a 5xx or 429 itself, but a dropped connection ends the upload at once,
 * and it cannot tell whether the service acted on the request: a lost reply to `FinalizeArtifact`
 * leaves a finished artifact, one to `CreateArtifact` an unfinished entry that a new upload of the
 * same name replaces. So after a dropped connection this looks for the artifact by name first,
 * and uploads again only when it is not there.
 */

/** The part of @actions/artifact's `DefaultArtifactClient` this needs. */
export interface ArtifactUploader {
  uploadArtifact(name: string, files: string[], rootDirectory: string): Promise<{ id?: number }>;
  getArtifact(name: string): Promise<{ artifact: { id: number } }>;
}

export interface ArtifactOnceOptions {
  /** Uploads after the first, when a connection dropped (default 2). */
  retries?: number;
  /** The n-th new upload waits n² × this, in ms (default `MLOPS_ACTIONS_RETRY_BASE_MS` or 1000). */
  baseMs?: number;
}

export interface ArtifactOnceResult {
  id: number | undefined;
  /** True when an earlier try's reply was lost and the artifact it made was found. */
  recovered: boolean;
}

export async function uploadArtifactOnce(
  client: ArtifactUploader,
  name: string,
  files: string[],
  rootDirectory: string,
  options: ArtifactOnceOptions = {},
): Promise<ArtifactOnceResult> {
  const retries = options.retries ?? 2;
  const baseMs = options.baseMs ?? envMs('MLOPS_ACTIONS_RETRY_BASE_MS') ?? 1000;
  for (let attempt = 0; ; attempt++) {
    try {
      const { id } = await client.uploadArtifact(name, files, rootDirectory);
      return { id, recovered: false };
    } catch (error) {
      if (!isDroppedConnection(error)) throw error;
      const found = await findArtifact(client, name);
      if (found !== undefined) return { id: found, recovered: true };
      if (attempt >= retries) throw error;
      await new Promise((resolve) => setTimeout(resolve, (attempt + 1) ** 2 * baseMs));
    }
  }
}

/**
 * The toolkit's NetworkError (`Unable to make request: ECONNRESET`) reaches callers re-wrapped as a
 * plain Error (`Failed to CreateArtifact: …`), so its text is all that is left to recognise it by.
 */
export function isDroppedConnection(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /Unable to make request: (ECONNRESET|ETIMEDOUT|ECONNREFUSED)/.test(message);
}

async function findArtifact(client: ArtifactUploader, name: string): Promise<number | undefined> {
  try {
    return (await client.getArtifact(name)).artifact.id;
  } catch (error) {
    if ((error as { name?: unknown }).name === 'ArtifactNotFoundError') return undefined;
    throw error;
  }
}

function envMs(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}
