import {
  BlobSASPermissions,
  BlobServiceClient,
  StorageSharedKeyCredential,
  generateBlobSASQueryParameters,
} from '@azure/storage-blob';
import { createHash } from 'node:crypto';
import { AZURITE_ACCOUNT, AZURITE_KEY } from './azurite';

/**
 * Pinned SAS version: Azurite rebuilds the string-to-sign per `sv`, and the SDK's default is newer
 * than what Azurite 3.35 knows.
 */
const SAS_VERSION = '2025-11-05';

export interface SasOptions {
  ttlSeconds: number;
  /** Overrides the download's Content-Disposition (how a raw, non-zip artifact gets its file name). */
  contentDisposition?: string;
}

/** Containers, signed URLs and blob checks against the Azurite account, with its shared key. */
export class BlobStore {
  private readonly credential = new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY);
  private readonly service: BlobServiceClient;
  private readonly ready = new Map<string, Promise<unknown>>();

  constructor(readonly endpoint: string) {
    this.service = new BlobServiceClient(endpoint, this.credential);
  }

  async ensureContainer(container: string): Promise<void> {
    let pending = this.ready.get(container);
    if (!pending) {
      pending = this.service.getContainerClient(container).createIfNotExists();
      this.ready.set(container, pending);
      pending.catch(() => this.ready.delete(container));
    }
    await pending;
  }

  /** Upload URLs may create and write blocks; download URLs may only read. */
  signedUrl(container: string, blob: string, access: 'write' | 'read', options: SasOptions): string {
    const expiresOn = new Date(Date.now() + options.ttlSeconds * 1000);
    const sas = generateBlobSASQueryParameters(
      {
        containerName: container,
        blobName: blob,
        permissions: BlobSASPermissions.parse(access === 'write' ? 'cw' : 'r'),
        expiresOn,
        version: SAS_VERSION,
        ...(options.contentDisposition ? { contentDisposition: options.contentDisposition } : {}),
      },
      this.credential,
    );
    return `${this.blobUrl(container, blob)}?${sas.toString()}`;
  }

  blobUrl(container: string, blob: string): string {
    return this.service.getContainerClient(container).getBlockBlobClient(blob).url;
  }

  /** Size of a committed blob, or undefined when there is none. */
  async size(container: string, blob: string): Promise<number | undefined> {
    try {
      const props = await this.service.getContainerClient(container).getBlobClient(blob).getProperties();
      return props.contentLength ?? 0;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  }

  async sha256(container: string, blob: string): Promise<string> {
    const response = await this.service.getContainerClient(container).getBlobClient(blob).download();
    const hash = createHash('sha256');
    for await (const chunk of response.readableStreamBody ?? []) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }

  async delete(container: string, blob: string): Promise<void> {
    await this.service.getContainerClient(container).getBlobClient(blob).deleteIfExists();
  }
}
