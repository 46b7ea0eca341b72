export {
  createModelServer,
  DEFAULT_MAX_BUFFERED_BYTES,
  DEFAULT_MAX_INFER_BYTES,
  DEFAULT_MAX_LOAD_BYTES,
  MAX_REQUEST_ID_LENGTH,
  UnprotectedServerError,
} from './server';
export type { ModelServer, ModelServerOptions } from './server';
export { BearerToken, HostAllowList, MIN_TOKEN_LENGTH, isLoopbackHost } from './access';
export { MAX_JSON_DEPTH } from './request-body';
export { InferenceClient } from './client';
export type { InferenceClientOptions } from './client';
export { smokeTestEndpoint } from './smoke-test';
export type { SmokeTestOptions, SmokeTestResult } from './smoke-test';
export { ProtocolError } from './protocol';
export type {
  Datatype,
  InferRequest,
  InferResponse,
  ModelMetadata,
  Tensor,
  TensorMetadata,
} from './protocol';
