import type { BlobStore } from './blob-store';
import type { TokenIdentity } from './runtime-token';
import {
  TwirpError,
  optionalInt,
  optionalString,
  requiredString,
  type Json,
  type TwirpService,
} from './twirp';
import type { ArtifactRecord } from './types';

const CONTAINER = 'actions-results';
const ZIP = 'application/zip';

interface Stored extends ArtifactRecord {
  blob: string;
}

export interface ArtifactServiceOptions {
  sasTtlSeconds: number;
  verifyDigests: boolean;
}

/**
 * `github.actions.results.api.v1.ArtifactService`: artifacts belong to a workflow run (every job
 * of the run sees them), are created by one job, uploaded straight to blob storage through a
 * signed URL, and only become visible once finalized.
 */
export class ArtifactStore {
  private readonly items = new Map<number, Stored>();
  private nextId = 1;

  constructor(
    private readonly blobs: BlobStore,
    private readonly options: ArtifactServiceOptions,
  ) {}

  records(): ArtifactRecord[] {
    return [...this.items.values()].map(({ blob: _blob, ...record }) => ({ ...record }));
  }

  downloadUrl(id: number): string | undefined {
    const item = this.items.get(id);
    return item?.finalized ? this.readUrl(item) : undefined;
  }

  async remove(id: number): Promise<boolean> {
    const item = this.items.get(id);
    if (!item) return false;
    this.items.delete(id);
    await this.blobs.delete(CONTAINER, item.blob);
    return true;
  }

  readonly service: TwirpService<TokenIdentity> = {
    CreateArtifact: async (body, who) => {
      const { run, job } = ownJob(body, who);
      const name = requiredString(body, 'name');
      const mimeType = optionalString(body, 'mime_type') ?? ZIP;
      const clash = this.find(run, name);
      if (clash) {
        throw new TwirpError(
          'already_exists',
          `an artifact named "${name}" already exists in this workflow run`,
        );
      }
      // A create that never finalized (a crashed or retried upload) is simply replaced.
      for (const item of [...this.items.values()]) {
        if (!item.finalized && item.runBackendId === run && item.name === name) await this.remove(item.id);
      }
      const id = this.nextId++;
      const fileName = mimeType === ZIP ? `${name}.zip` : name;
      const blob = `${run}/${job}/${id}/${fileName}`;
      const expiresAt = optionalString(body, 'expires_at');
      this.items.set(id, {
        id,
        name,
        runId: who.runId,
        jobId: who.jobId,
        runBackendId: run,
        jobBackendId: job,
        mimeType,
        size: 0,
        finalized: false,
        blobPath: `${CONTAINER}/${blob}`,
        blob,
        createdAt: new Date().toISOString(),
        ...(expiresAt ? { expiresAt } : {}),
      });
      await this.blobs.ensureContainer(CONTAINER);
      const url = this.blobs.signedUrl(CONTAINER, blob, 'write', { ttlSeconds: this.options.sasTtlSeconds });
      return { ok: true, signed_upload_url: url };
    },

    FinalizeArtifact: async (body, who) => {
      const { run, job } = ownJob(body, who);
      const name = requiredString(body, 'name');
      const item = [...this.items.values()].find(
        (a) => !a.finalized && a.runBackendId === run && a.jobBackendId === job && a.name === name,
      );
      if (!item) throw new TwirpError('not_found', `no pending upload for artifact "${name}"`);
      const size = await this.blobs.size(CONTAINER, item.blob);
      if (size === undefined) {
        throw new TwirpError('failed_precondition', `nothing was uploaded for artifact "${name}"`);
      }
      const reported = optionalInt(body, 'size');
      if (reported !== undefined && reported !== size) {
        throw new TwirpError('invalid_argument', `reported size ${reported} != uploaded size ${size}`);
      }
      const digest = optionalString(body, 'hash');
      if (digest?.startsWith('sha256:') && this.options.verifyDigests) {
        const actual = `sha256:${await this.blobs.sha256(CONTAINER, item.blob)}`;
        if (actual !== digest)
          throw new TwirpError('invalid_argument', `reported ${digest} != uploaded ${actual}`);
      }
      item.size = size;
      item.finalized = true;
      if (digest) item.digest = digest;
      return { ok: true, artifact_id: String(item.id) };
    },

    ListArtifacts: (body, who) => {
      const run = ownRun(body, who);
      const name = optionalString(body, 'name_filter');
      const id = optionalInt(body, 'id_filter');
      const now = Date.now();
      const artifacts = [...this.items.values()]
        .filter((a) => a.finalized && a.runBackendId === run && !expired(a, now))
        .filter((a) => (name === undefined || a.name === name) && (id === undefined || a.id === id))
        .sort((a, b) => a.id - b.id)
        .map(toMonolith);
      return { artifacts };
    },

    GetSignedArtifactURL: (body, who) => {
      const run = ownRun(body, who);
      const name = requiredString(body, 'name');
      const item = this.find(run, name);
      if (!item) throw new TwirpError('not_found', `artifact "${name}" not found in this workflow run`);
      return { signed_url: this.readUrl(item) };
    },

    DeleteArtifact: async (body, who) => {
      const run = ownRun(body, who);
      const name = requiredString(body, 'name');
      const item = this.find(run, name);
      if (!item) throw new TwirpError('not_found', `artifact "${name}" not found in this workflow run`);
      await this.remove(item.id);
      return { ok: true, artifact_id: String(item.id) };
    },
  };

  private find(run: string, name: string): Stored | undefined {
    const now = Date.now();
    return [...this.items.values()]
      .filter((a) => a.finalized && a.runBackendId === run && a.name === name && !expired(a, now))
      .sort((a, b) => b.id - a.id)[0];
  }

  private readUrl(item: Stored): string {
    // Non-zip uploads (skipArchive) are saved under the name Content-Disposition gives them.
    const contentDisposition =
      item.mimeType === ZIP
        ? undefined
        : `attachment; filename="${item.name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(item.name)}`;
    return this.blobs.signedUrl(CONTAINER, item.blob, 'read', {
      ttlSeconds: this.options.sasTtlSeconds,
      ...(contentDisposition ? { contentDisposition } : {}),
    });
  }
}

function toMonolith(a: Stored): Json {
  return {
    workflow_run_backend_id: a.runBackendId,
    workflow_job_run_backend_id: a.jobBackendId,
    database_id: String(a.id),
    name: a.name,
    size: String(a.size),
    created_at: a.createdAt,
    ...(a.digest ? { digest: a.digest } : {}),
  };
}

function expired(a: ArtifactRecord, now: number): boolean {
  return a.expiresAt !== undefined && Date.parse(a.expiresAt) <= now;
}

/** The ids in a request must be the token's own: a job cannot write into another run. */
function ownRun(body: Json, who: TokenIdentity): string {
  const run = requiredString(body, 'workflow_run_backend_id');
  if (run !== who.runBackendId) {
    throw new TwirpError('permission_denied', 'workflow_run_backend_id does not match the runtime token');
  }
  return run;
}

function ownJob(body: Json, who: TokenIdentity): { run: string; job: string } {
  const run = ownRun(body, who);
  const job = requiredString(body, 'workflow_job_run_backend_id');
  if (job !== who.jobBackendId) {
    throw new TwirpError('permission_denied', 'workflow_job_run_backend_id does not match the runtime token');
  }
  return { run, job };
}
